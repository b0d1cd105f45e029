"""What goes into the search index, and keeping it current.

Only what the public may see is indexed: published, proactively disclosed records; published 解读 of
published records; published Q&A pairs; 公开答复 of 互动交流 messages (masked as on their public page); live
column pages; active units; the 办事指南 of 在用 事项. Signal receivers (signals.py)
call `sync_*` inside the writer's transaction; `reindex()` rebuilds everything for bulk loads.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html as html_lib
import operator
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import segment
from .models import QAPair, SearchEntry

Kind = SearchEntry.Kind
TEXT_LIMIT = 20000  # characters of original text kept for snippets (and segmented for the index)
_EPOCH = dt.date(1970, 1, 1)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")

# 有效 over 失效/废止 (shown, marked, but ranked after valid documents).
VALIDITY_BOOST = {"valid": 1.0, "amended": 0.6, "expired": 0.3, "repealed": 0.3}
# A 办事指南 outranks news about the same service (issue 14: “a query for a service finds its guide first”).
KIND_BOOST = {Kind.RECORD: 1.0, Kind.INTERPRETATION: 0.9, Kind.QA: 0.9, Kind.COLUMN: 0.8, Kind.UNIT: 0.8,
              Kind.MESSAGE: 0.8, Kind.SERVICE: 1.5}


def plain_text(html: str) -> str:
    """Text of sanitised body HTML (nh3 leaves well-formed tags, so a regex is enough and ~20× faster)."""
    text = html_lib.unescape(_TAGS.sub(" ", html or ""))
    return _SPACES.sub(" ", text).strip()


def day_number(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return (value - _EPOCH).days


@dataclass
class Doc:
    """An index row before segmentation."""

    kind: str
    object_id: int
    title: str
    url: str
    body: str
    document_number: str = ""
    document_number_key: str = ""
    unit_id: int | None = None
    publisher: str = ""
    published_at: dt.datetime | None = None
    validity: str = ""

    def entry_fields(self, title_tokens: str, body_tokens: str) -> dict:
        boost = KIND_BOOST.get(self.kind, 1.0) * VALIDITY_BOOST.get(self.validity, 1.0)
        local = timezone.localtime(self.published_at) if self.published_at else None
        return dict(kind=self.kind, object_id=self.object_id, title=self.title[:300], url=self.url[:300],
                    document_number=self.document_number, document_number_key=self.document_number_key,
                    unit_id=self.unit_id, publisher=self.publisher[:100], published_at=self.published_at,
                    year=local.year if local else None, pub_day=day_number(local),
                    validity=self.validity, boost=boost, text=self.body[:TEXT_LIMIT],
                    title_tokens=title_tokens, body_tokens=body_tokens)


def segment_doc(doc: Doc) -> dict:
    title_text = f"{doc.title} {doc.document_number}"
    return doc.entry_fields(segment.index_tokens(title_text), segment.index_tokens(doc.body[:TEXT_LIMIT]))


# --- documents per kind --------------------------------------------------------------------------------

def record_is_public(record) -> bool:
    from zhengwu.disclosure.models import Record

    return record.status == Record.Status.PUBLISHED and record.disclosure_mode == Record.DisclosureMode.PROACTIVE


def record_doc(record, attachment_texts: Iterable[str] | None = None) -> Doc:
    if attachment_texts is None:
        attachment_texts = record.attachments.values_list("text", flat=True)
    body = "\n".join(p for p in [record.summary, plain_text(record.body), *attachment_texts] if p)
    return Doc(kind=Kind.RECORD, object_id=record.pk, title=record.title, url=record.get_absolute_url(), body=body,
               document_number=record.document_number, document_number_key=record.document_number_key,
               unit_id=record.unit_id, publisher=record.maker_label,
               published_at=record.published_at, validity=record.validity)


def interpretation_doc(interp) -> Doc:
    record = interp.record
    return Doc(kind=Kind.INTERPRETATION, object_id=interp.pk, title=interp.title, url=interp.get_absolute_url(),
               body=plain_text(interp.body) or f"《{record.title}》的政策解读",
               document_number=record.document_number, unit_id=record.unit_id,
               publisher=record.maker_label,
               published_at=interp.published_at or record.published_at, validity=record.validity)


def qa_doc(qa: QAPair) -> Doc:
    return Doc(kind=Kind.QA, object_id=qa.pk, title=qa.question, url=qa.get_absolute_url(), body=qa.answer,
               unit_id=qa.unit_id, publisher=qa.unit.name, published_at=qa.updated_at)


def unit_doc(unit) -> Doc:
    body = " ".join(p for p in [unit.short_name, unit.functions, unit.address, unit.office_hours, unit.phone] if p)
    return Doc(kind=Kind.UNIT, object_id=unit.pk, title=unit.name, url=f"/search/unit/{unit.pk}/", body=body,
               unit_id=unit.pk, publisher=unit.name)


def service_doc(service) -> Doc:
    """A 办事指南: its name as title; type, 主题, conditions, materials and result as body."""
    from django.urls import reverse

    body = " ".join(p for p in [service.get_type_display(), service.get_theme_display(), service.conditions,
                                "、".join(m.name for m in service.materials.all()), service.result_name,
                                service.location] if p)
    return Doc(kind=Kind.SERVICE, object_id=service.pk, title=service.name,
               url=reverse("services_public:guide", args=[service.code]), body=body, unit_id=service.unit_id,
               publisher=service.unit.name, published_at=service.updated_at)


def page_doc(page) -> Doc | None:
    url = page.get_url() or page.url_path
    return Doc(kind=Kind.COLUMN, object_id=page.pk, title=page.title, url=url or "/",
               body=page.search_description or page.seo_title or "",
               published_at=page.last_published_at or page.first_published_at)


def message_doc(msg) -> Doc:
    """A 公开答复 as the public page shows it: title, letter and reply with personal data masked."""
    from zhengwu.interaction.masking import public_text

    body = f"{public_text(msg, msg.content)} 答复：{public_text(msg, msg.reply)}"
    unit = msg.reply_unit
    published = dt.datetime.combine(msg.replied_date, dt.time(12), tzinfo=timezone.get_current_timezone())
    return Doc(kind=Kind.MESSAGE, object_id=msg.pk, title=public_text(msg, msg.title), url=msg.get_absolute_url(),
               body=body, unit_id=unit.pk if unit else None, publisher=unit.name if unit else "",
               published_at=published)


def message_is_public(msg) -> bool:
    from zhengwu.interaction.models import Message

    return Message.objects.public().filter(pk=msg.pk).exists()


def qa_is_public(qa: QAPair) -> bool:
    return qa.status == QAPair.Status.PUBLISHED


def portal_roots() -> list[str]:
    """Tree paths of the home pages of the portal's own sites: those bound to a unit by `SiteProfile`."""
    from wagtail.models import Site

    return list(Site.objects.filter(profile__isnull=False).values_list("root_page__path", flat=True))


def page_is_public(page, roots: list[str] | None = None) -> bool:
    """A live page of a portal page type inside one of the portal's own sites, without view restrictions.

    Not Wagtail's bare welcome page (a plain `Page`, root of the default site until `ensure_portal` takes the
    site over and deletes it), nor pages that no portal site serves: their links lead nowhere on the portal.
    """
    from wagtail.models import Page

    if not page.live or page.depth <= 1 or page.specific_class in (None, Page):
        return False
    roots = portal_roots() if roots is None else roots
    if not any(page.path.startswith(root) for root in roots):
        return False
    return not page.get_view_restrictions().exists()


# --- writing -------------------------------------------------------------------------------------------

def _put(doc: Doc | None, kind: str, object_id: int) -> None:
    if doc is None:
        SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
        return
    fields = segment_doc(doc)
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)


@dataclass
class _Deferred:
    sync: bool
    records: set[int] = field(default_factory=set)


_deferred: ContextVar[_Deferred | None] = ContextVar("search_deferred", default=None)


@contextlib.contextmanager
def deferred(*, sync: bool = True):
    """Bulk loads: a record saved five times on its way through review is indexed once, not on every save.

    Inside the block record saves only note the record. When the block ends normally each noted record is synced
    once by its final state, in the caller's transaction, and its Q&A flagged if it was taken down or repealed
    (zhengwu.search.actions.flag_qa_for_source). ``sync=False`` leaves the index alone (the caller rebuilds it
    with `reindex()` afterwards); the Q&A are flagged all the same.
    """
    state = _Deferred(sync=sync)
    token = _deferred.set(state)
    try:
        yield state
    finally:
        _deferred.reset(token)
    if state.records:
        from zhengwu.disclosure.models import Record

        from .actions import flag_qa_for_source

        records = Record.objects.filter(pk__in=state.records).order_by("pk")
        for record in records if sync else records.defer("body"):
            if sync:
                sync_record(record)
            flag_qa_for_source(record)


def defer_record(record) -> bool:
    """Note `record` for the enclosing `deferred()` block; False outside one (sync now)."""
    state = _deferred.get()
    if state is None:
        return False
    state.records.add(record.pk)
    return True


def sync_record(record) -> None:
    public = record_is_public(record)
    _put(record_doc(record) if public else None, Kind.RECORD, record.pk)
    for interp in record.interpretations.all():
        sync_interpretation(interp, record_public=public)


def sync_interpretation(interp, record_public: bool | None = None) -> None:
    from zhengwu.disclosure.models import Interpretation

    if record_public is None:
        record_public = record_is_public(interp.record)
    public = record_public and interp.status == Interpretation.Status.PUBLISHED
    _put(interpretation_doc(interp) if public else None, Kind.INTERPRETATION, interp.pk)


def sync_qa(qa: QAPair) -> None:
    _put(qa_doc(qa) if qa_is_public(qa) else None, Kind.QA, qa.pk)


def sync_message(msg) -> None:
    _put(message_doc(msg) if message_is_public(msg) else None, Kind.MESSAGE, msg.pk)


def sync_unit(unit) -> None:
    _put(unit_doc(unit) if unit.is_active else None, Kind.UNIT, unit.pk)


def sync_service(service) -> None:
    _put(service_doc(service) if service.is_active else None, Kind.SERVICE, service.pk)


def sync_page(page) -> None:
    from zhengwu.disclosure.models import Record  # noqa: F401  (records are not pages)

    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    _put(page_doc(page) if page_is_public(page) else None, Kind.COLUMN, page.pk)


def remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


# --- bulk ----------------------------------------------------------------------------------------------

def iter_docs(batch: int = 2000) -> Iterator[Doc]:
    """Every public document, streamed in primary-key batches (no full table in memory)."""
    from wagtail.models import Page

    from zhengwu.disclosure.models import Attachment, Interpretation, Record
    from zhengwu.org.models import Unit

    public = Record.objects.public().filter(disclosure_mode=Record.DisclosureMode.PROACTIVE)
    # oldest first, so entry ids follow publication order: above the count cap search ranks the newest
    # matches by id (docs/decisions/0606); live publishing appends, which keeps that order
    order = list(public.order_by(F("published_at").asc(nulls_first=True), "pk").values_list("pk", flat=True))
    for start in range(0, len(order), batch):
        wanted = order[start:start + batch]
        found = {r.pk: r for r in public.filter(pk__in=wanted).select_related("unit")}
        chunk = [found[pk] for pk in wanted if pk in found]
        texts: dict[int, list[str]] = {}
        for rid, text in Attachment.objects.filter(record_id__in=[r.pk for r in chunk]).values_list("record_id", "text"):
            texts.setdefault(rid, []).append(text)
        for record in chunk:
            yield record_doc(record, texts.get(record.pk, []))
    interps = Interpretation.objects.filter(status=Interpretation.Status.PUBLISHED, record__in=public)
    for interp in interps.select_related("record__unit").iterator(chunk_size=batch):
        yield interpretation_doc(interp)
    for qa in QAPair.objects.filter(status=QAPair.Status.PUBLISHED).select_related("unit"):
        yield qa_doc(qa)
    from zhengwu.interaction.models import Message

    for msg in Message.objects.public().select_related("reply_unit").iterator(chunk_size=batch):
        yield message_doc(msg)
    for unit in Unit.objects.filter(is_active=True):
        yield unit_doc(unit)
    from zhengwu.services.models import Service

    for service in Service.objects.public().select_related("unit").prefetch_related("materials"):
        yield service_doc(service)
    roots = portal_roots()
    if roots:
        in_sites = functools.reduce(operator.or_, (Q(path__startswith=root) for root in roots))
        pages = Page.objects.live().filter(in_sites, depth__gt=1).not_exact_type(Page)
        for page in pages.specific():
            if page_is_public(page, roots):
                yield page_doc(page)


def _segment_batch(docs: list[Doc]) -> list[dict]:
    return [segment_doc(d) for d in docs]


def reindex(*, batch: int = 1000, workers: int = 1, progress=None) -> int:
    """Rebuild the whole index. `workers` > 1 segments in parallel processes (jieba releases no GIL)."""
    segment.refresh(force=True)
    count = 0
    pool = None
    if workers > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(workers, initializer=segment.freeze)
    try:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            pending: list[Doc] = []
            batches: list[list[Doc]] = []

            def flush(groups):
                nonlocal count
                if pool:
                    results = pool.map(_segment_batch, groups)
                else:
                    results = [_segment_batch(g) for g in groups]
                rows = [SearchEntry(**fields) for result in results for fields in result]
                SearchEntry.objects.bulk_create(rows, batch_size=500)
                count += len(rows)
                if progress:
                    progress(count)

            for doc in iter_docs():
                pending.append(doc)
                if len(pending) >= batch:
                    batches.append(pending)
                    pending = []
                    if len(batches) >= max(1, workers) * 2:
                        flush(batches)
                        batches = []
            if pending:
                batches.append(pending)
            if batches:
                flush(batches)
    finally:
        if pool:
            pool.close()
            pool.join()
    return count


def optimize() -> None:
    """After a bulk load: merge FTS5 segments (SQLite); on PostgreSQL clear what a reindex leaves behind.

    A reindex deletes and re-inserts every entry: until vacuumed, the dead rows stay in the GIN indexes
    (each search visits them), and the insert leaves up to gin_pending_list_limit of entries in each GIN
    index's unsorted pending list, which every search scans linearly. Measured at 200k entries: searches
    5-20x slower until VACUUM. VACUUM cannot run inside a transaction; there the pending lists are merged.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            if connection.in_atomic_block:
                for index in ("search_entry_vector_gin", "search_entry_title_vector_gin"):
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
                cursor.execute("ANALYZE search_searchentry")
            else:
                cursor.execute("VACUUM (ANALYZE) search_searchentry")
