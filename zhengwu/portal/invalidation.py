"""What drops cached pages (docs/decisions/1701): model signals of the domain apps, so no domain app imports the
portal. Each public change drops the pages that show it, on the sites that serve them:

- a record (publish, unpublish, 撤回, edit, 有效性 by 立改废, 栏目 placement, categories, attachments): its page, its
  解读 pages, the pages of records that show it (related records, 立改废 relations), the listings that hold it before
  or after the change (栏目, 专栏 parts, 文件库; every pagination page and filter), 法定主动公开内容, the 事项 guides
  citing it, the home page (and sitemap), search and the API;
- a 解读, a relation, a reply, a consultation, an interview, 办事服务: the pages listed in `_PAGES` below;
- a Wagtail page, a SiteProfile: its whole site (navigation and footer are on every page); categories, topics,
  units and anything not mapped: every site.

The record map reads the database at pre_save/pre_delete (before) and post_save/post_delete (after), so a record
that leaves a listing drops it as well as one that enters. Mapping errors drop every site: never a stale page."""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import defaultdict
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import pagecache

LISTS_VERSION_KEY = "portal:lists-version"
EVERYWHERE = "*"  # a site id meaning: every site's whole cache
SHARED = ("/search/", "/api/")  # trees: search results, 智能问答 and API answers show every kind of public content
log = logging.getLogger(__name__)
_deferred: ContextVar[list | None] = ContextVar("pagecache_deferred", default=None)


_request = threading.local()  # the version as this thread's current request first read it


def lists_version() -> int:
    """A number that changes whenever public content changes: cached filter lists are kept under it.
    Read once per request (a cache query each time cost the home page one per column block); every request
    starts without it, so a change made by another worker is seen on the next request."""
    version = getattr(_request, "version", None)
    if version is None:
        # Starts from the clock, not 1: a cache emptied (or a new test's key prefix) never meets an old worker's entry.
        version = _request.version = cache.get_or_set(LISTS_VERSION_KEY, time.time_ns, None)
    return version


def _forget_version(**kwargs) -> None:
    _request.version = None


@contextlib.contextmanager
def deferred():
    """Bulk loads (generate_county): no page mapping inside the block; if anything public changed, every site's
    cache is dropped once when it ends (on error too: whatever part of the block was committed is then shown)."""
    pending: list = []
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)
        if pending:
            Pages().everything().apply()


def _deferring() -> bool:
    """Inside deferred(): note that something changed and skip the mapping."""
    pending = _deferred.get()
    if pending is None:
        return False
    if not pending:
        pending.append(True)
    return True


def _bump_lists() -> None:
    try:
        cache.incr(LISTS_VERSION_KEY)
    except ValueError:
        cache.set(LISTS_VERSION_KEY, time.time_ns(), None)
    _forget_version()


class Pages:
    """The pages one change drops: {site id or None (every site): (paths, trees)}; EVERYWHERE: all of it."""

    def __init__(self):
        self.paths: dict = defaultdict(set)
        self.trees: dict = defaultdict(set)

    def add(self, *paths, site=None):
        self.paths[site].update(paths)
        return self

    def tree(self, *trees, site=None):
        self.trees[site].update(trees)
        return self

    def page(self, page, tree=False):
        """A Wagtail page at its URL on its own site."""
        parts = page.get_url_parts()
        if parts is None:
            return
        (self.tree if tree else self.add)(parts[2], site=parts[0])

    def everything(self, site=None):
        self.trees[EVERYWHERE if site is None else site].add("/")
        return self

    def update(self, other: Pages):
        for site, paths in other.paths.items():
            self.paths[site] |= paths
        for site, trees in other.trees.items():
            self.trees[site] |= trees

    def apply(self):
        if not any(self.paths.values()) and not any(self.trees.values()):
            return
        _bump_lists()
        # Again on commit: a worker that read the new version before the commit may have kept the old rows under it.
        transaction.on_commit(_bump_lists)
        if "/" in self.trees.get(EVERYWHERE, ()):
            pagecache.invalidate(None)
            return
        for site in set(self.paths) | set(self.trees):
            pagecache.drop(site, self.paths.get(site, ()), self.trees.get(site, ()))


# ---- what each change shows on -----------------------------------------------------------------------------------

def _listing_pages(record_ids: set[int]):
    """Live listing pages (栏目, 专栏 parts, 文件库) that list any of these records now (read from the database)."""
    from django.db.models import Q
    from wagtail.models import Page

    from zhengwu.disclosure.models import Interpretation, Record

    from .models import AnnualReportIndexPage, ColumnPage, GuidePage, LibraryPage, SystemPage, interpretation_listing

    placed = set(Record.columns.through.objects.filter(record_id__in=record_ids, record__status="published")
                 .values_list("page_id", flat=True))
    yield from Page.objects.filter(pk__in=placed, live=True)
    has_interp = Interpretation.objects.filter(record_id__in=record_ids, status="published").exists()
    ruled = (Q(rule_topic__isnull=False) | ~Q(rule_kinds="") | Q(rule_categories__isnull=False)
             | Q(rule_units__isnull=False))
    for model in (ColumnPage, GuidePage, SystemPage, AnnualReportIndexPage):
        listing = ruled | Q(content=ColumnPage.Content.INTERPRETATIONS) if model is ColumnPage else ruled
        candidates = model.objects.live().filter(listing).exclude(pk__in=placed).distinct()
        for page in candidates.prefetch_related("rule_categories", "rule_units"):
            if getattr(page, "content", "records") == ColumnPage.Content.INTERPRETATIONS:
                if has_interp and (page.rule_q() is None or
                                   interpretation_listing(page).filter(record_id__in=record_ids).exists()):
                    yield page  # without rules a 政策解读 column lists every published 解读
            elif page.rule_q() is not None and page.records().filter(pk__in=record_ids).exists():
                yield page
    for library in LibraryPage.objects.live().select_related("scope_unit"):
        if library.documents().filter(pk__in=record_ids).exists():
            yield library


def _record_pages(record_ids: set[int], columns: set[int] | None = None) -> Pages:
    """Every page that shows one of these records as the database has them now; nothing if none is public.
    `columns`: only placement in these pages changed (the rest of what shows the record is as it was)."""
    from django.db.models import Q
    from django.urls import reverse

    from zhengwu.disclosure.models import Interpretation, Record, RecordRelation
    from zhengwu.interaction.models import Consultation
    from zhengwu.services.models import Service

    from .models import StatutoryContentPage

    public = list(Record.objects.public().filter(pk__in=record_ids).values("pk", "unit_id", "topic_id"))
    pages = Pages()
    if not public:
        return pages
    ids = {r["pk"] for r in public}
    pages.tree(*SHARED).add("/", *(f"/xxgk/{pk}/" for pk in ids))  # the record page's breadcrumb names a column
    if columns is not None:
        from wagtail.models import Page

        for page in Page.objects.filter(pk__in=columns, live=True):
            pages.page(page)
        return pages
    pages.add(*(f"/xxgk/jd/{pk}/" for pk in Interpretation.objects.filter(record_id__in=ids).values_list("pk", flat=True)))
    relations = RecordRelation.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids), applied_at__isnull=False)
    pages.add(*(f"/xxgk/{pk}/" for pair in relations.values_list("source_id", "target_id") for pk in pair))
    cached = {int(name) for name in pagecache.cached_names("/xxgk/") if name.isdigit()} - ids
    if cached:  # the 相关信息 box: same unit or topic and a common category (portal.views._related)
        near = Q(unit_id__in={r["unit_id"] for r in public}) | Q(topic_id__in={r["topic_id"] for r in public} - {None})
        categories = Record.categories.through.objects.filter(record_id__in=ids).values("category_id")
        related = Record.objects.filter(near, categories__in=categories).values_list("pk", flat=True).distinct()
        pages.add(*(f"/xxgk/{pk}/" for pk in set(related) & cached))
    for consultation in Consultation.objects.filter(final_record_id__in=ids).values_list("pk", flat=True):
        pages.add(reverse("interaction_public:consultation", args=[consultation]))
    for code in Service.objects.filter(basis_records__in=ids).values_list("code", flat=True):
        pages.add(reverse("services_public:guide", args=[code]))
    for page in _listing_pages(ids):
        pages.page(page)
    for page in StatutoryContentPage.objects.live():
        pages.page(page, tree=True)  # category counts and the per-category lists
    return pages


def _public_record(pk) -> bool:
    """Read from the database: at pre_save the record as it was, at post_save as it is now."""
    from zhengwu.disclosure.models import Record

    return Record.objects.public().filter(pk=pk).exists()


def _interpretation_pages(interp) -> Pages:
    from zhengwu.disclosure.models import Interpretation

    siblings = Interpretation.objects.filter(record_id=interp.record_id).values_list("pk", flat=True)
    pages = _record_pages({interp.record_id})
    return pages.tree(*SHARED).add(*(f"/xxgk/jd/{pk}/" for pk in {interp.pk, *siblings}))


def _interaction(*paths):
    return lambda instance: Pages().tree(*SHARED).add("/hdjl/", *(p.format(i=instance) for p in paths))


def _consultation_pages(consultation) -> Pages:
    pages = _interaction("/hdjl/yjzj/", "/hdjl/yjzj/{i.pk}/")(consultation)
    if consultation.final_record_id:
        pages.update(_record_pages({consultation.final_record_id}))
    return pages


def _services(instance) -> Pages:
    """事项 lists, guides and 一件事 pages refer to one another (a guide names its 一件事): all of /bsfw/."""
    return Pages().tree("/bsfw/", *SHARED)


# model label -> (is this row public, the pages it is shown on). Rows of models not listed drop nothing;
# a listed row that was public before or is public after the change drops its pages.
_PAGES = {
    "disclosure.Record": (lambda r: _public_record(r.pk), lambda r: _record_pages({r.pk})),
    "disclosure.Interpretation": (lambda i: i.status == "published", _interpretation_pages),
    "disclosure.Attachment": (lambda a: _public_record(a.record_id), lambda a: _record_pages({a.record_id})),
    "disclosure.RecordRelation": (lambda r: r.applied_at is not None,
                                  lambda r: _record_pages({r.source_id, r.target_id})),
    "interaction.Message": (lambda m: bool(m.published), _interaction("/hdjl/dfgk/", "/hdjl/dfgk/{i.pk}/")),
    "interaction.Consultation": (lambda c: c.published, _consultation_pages),
    "interaction.Comment": (lambda c: c.status == "approved",
                            _interaction("/hdjl/yjzj/", "/hdjl/yjzj/{i.consultation_id}/")),
    "interaction.Interview": (lambda i: i.published, _interaction("/hdjl/ftzb/", "/hdjl/ftzb/{i.pk}/")),
    "interaction.InterviewQuestion": (lambda q: q.status == "approved",
                                      _interaction("/hdjl/ftzb/", "/hdjl/ftzb/{i.interview_id}/")),
    "services.Service": (lambda s: True, _services),
    "services.Material": (lambda m: True, _services),
    "services.LifeEvent": (lambda e: True, _services),
    "services.LifeEventService": (lambda e: True, _services),
    "services.Question": (lambda q: True, _services),
    "services.Option": (lambda o: True, _services),
    "search.QAPair": (lambda q: True, lambda q: Pages().tree(*SHARED)),
    "search.DictionaryTerm": (lambda t: True, lambda t: Pages().tree("/search/")),
    "search.SynonymGroup": (lambda g: True, lambda g: Pages().tree("/search/")),
}
# Shown on (nearly) every page or not mapped page by page: every site's whole cache.
_EVERYWHERE = ("disclosure.Category", "disclosure.Topic", "org.Unit", "reports.AnnualReport", "wagtailcore.Site")


def _nothing_to_map() -> Pages:
    """A public change while no page is published (the cache off, or a demo being loaded): no mapping to pay for.
    With the cache on, every site's generation is switched (a no-op without hosts; on commit it also catches a
    page rendered meanwhile from the old data)."""
    return Pages().add("/") if pagecache.root() is None else Pages().everything()


def _pages_of(instance) -> Pages:
    label = instance._meta.label
    if label in _EVERYWHERE:
        return Pages().everything()
    is_public, shown_on = _PAGES[label]
    try:
        if instance.pk is None or not is_public(instance):
            return Pages()
        if not pagecache.anything_cached():
            return _nothing_to_map()
        return shown_on(instance)
    except Exception:  # a page we cannot map is dropped with everything else: never a stale page
        log.exception("page cache: mapping %s %s failed, dropping every site", label, instance.pk)
        return Pages().everything()


def _before(sender, instance, **kwargs):
    """The pages the row is shown on before the change (its row as the database still has it)."""
    if _deferring():
        return
    if instance.pk is None:
        return
    if sender._meta.label == "disclosure.Record":
        instance._page_cache_before = _pages_of(instance)
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._page_cache_before = _pages_of(old) if old is not None else Pages()


def _after(sender, instance, **kwargs):
    if _deferring():
        return
    pages = getattr(instance, "_page_cache_before", None) or Pages()
    instance._page_cache_before = None
    pages.update(_pages_of(instance))
    pages.apply()


def _relation(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A many-to-many change (栏目 placement, categories, a 事项's 依据, a 一件事 option's 事项/材料): the pages of
    the rows on the mapped side, before and after the change."""
    if _deferring():
        return
    if action not in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"):
        return
    if sender is _placement_through():
        pages = _placement(instance, action, reverse, pk_set)
    else:
        if not reverse:
            rows = [instance]
        elif pk_set is None:
            rows = None  # cleared from the other side: which rows changed is not known
        else:
            rows = list(model._default_manager.filter(pk__in=pk_set))
        pages = Pages().everything() if rows is None else Pages()
        for row in rows or ():
            pages.update(_pages_of(row))
    if action.startswith("pre_"):
        instance._page_cache_m2m = pages
        return
    pages.update(getattr(instance, "_page_cache_m2m", None) or Pages())
    instance._page_cache_m2m = None
    pages.apply()


def _placement_through():
    from zhengwu.disclosure.models import Record

    return Record.columns.through


def _placement(instance, action, reverse, pk_set) -> Pages:
    """栏目 placement: the record's own pages and the columns it enters or leaves, not its other listings."""
    through = _placement_through()
    if reverse:  # page.records.add(…): the records in pk_set (all of the page's records on clear)
        records = pk_set if pk_set is not None else set(
            through.objects.filter(page_id=instance.pk).values_list("record_id", flat=True))
        columns = {instance.pk}
    else:
        records = {instance.pk}
        columns = pk_set if pk_set is not None else set(
            through.objects.filter(record_id=instance.pk).values_list("page_id", flat=True))
    try:
        if not pagecache.anything_cached():
            return _nothing_to_map() if any(_public_record(pk) for pk in records) else Pages()
        return _record_pages(set(records), columns=set(columns))
    except Exception:
        log.exception("page cache: mapping a 栏目 placement failed, dropping every site")
        return Pages().everything()


def _page_changed(sender, instance, **kwargs):
    """A Wagtail page published, unpublished, moved or deleted: that page's site."""
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if _deferring():
        return
    try:
        site = instance.get_site()
    except Exception:  # a page being deleted may no longer find its site: drop every site's pages
        site = None
    Pages().everything(site.pk if site else None).apply()


def _profile_changed(sender, instance, **kwargs):
    if _deferring():
        return
    site_id = instance.__dict__.get("site_id")
    Pages().everything(site_id).apply()


def connect() -> None:
    from django.apps import apps
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from zhengwu.org.models import SiteProfile

    request_started.connect(_forget_version, dispatch_uid="lists-version-per-request")
    for label in (*_PAGES, *_EVERYWHERE):
        model = apps.get_model(label)
        pre_save.connect(_before, sender=model, dispatch_uid=f"pagecache-before-{label}")
        pre_delete.connect(_before, sender=model, dispatch_uid=f"pagecache-before-delete-{label}")
        post_save.connect(_after, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_after, sender=model, dispatch_uid=f"pagecache-delete-{label}")
        for field in model._meta.local_many_to_many:  # forward side; the reverse side arrives on the same sender
            m2m_changed.connect(_relation, sender=field.remote_field.through,
                                dispatch_uid=f"pagecache-m2m-{label}-{field.name}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"pagecache-{id(signal)}")
    post_delete.connect(_page_changed, dispatch_uid="pagecache-page-delete")
    post_save.connect(_profile_changed, sender=SiteProfile, dispatch_uid="pagecache-profile")
    post_delete.connect(_profile_changed, sender=SiteProfile, dispatch_uid="pagecache-profile-delete")
