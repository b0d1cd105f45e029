"""Public views outside the Wagtail tree: a record's page, a 解读's page, and the 关怀版/字号 switches.

Records are served on every site (集约化); the chrome comes from the request's Wagtail Site.
Only published records (and published 解读 of published records) are public: everything else is a 404.
"""
import functools

from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Page

from zhengwu.disclosure.models import Attachment, Interpretation, Record, RecordRelation
from zhengwu.interaction.models import Consultation

from .context_processors import FONT_STEPS
from .invalidation import lists_version
from .models import LibraryPage
from .sites import site_for_request
from .templatetags.portal_tags import page_trail

COOKIE_AGE = 365 * 24 * 3600


_COLUMNS: dict = {}  # site id -> (content version, {page id: (path, trail) or None}, 文件库 trail or None)


def _column_trail(record: Record, request) -> list | None:
    """The breadcrumb trail (title, url) of the first column of the current site that lists the record, else of
    the site's 文件库 for 规章/行政规范性文件. Columns and their trails are kept per worker under the content
    version; only the record's placements are read per request."""
    site = site_for_request(request)
    if site is None:
        return None
    version = lists_version()
    cached = _COLUMNS.get(site.pk)
    if cached is None or cached[0] != version:
        home = site.root_page
        library = LibraryPage.objects.filter(path__startswith=home.path, live=True).order_by("path").first()
        cached = _COLUMNS[site.pk] = (version, {}, page_trail(library, home, request) if library else None)
    columns = cached[1]
    placed = list(Record.columns.through.objects.filter(record_id=record.pk).values_list("page_id", flat=True))
    unknown = [pk for pk in placed if pk not in columns]
    if unknown:
        home = site.root_page
        found = {page.pk: page for page in Page.objects.filter(pk__in=unknown, path__startswith=home.path, live=True)}
        for pk in unknown:
            page = found.get(pk)
            columns[pk] = (page.path, page_trail(page, home, request)) if page else None
    shown = sorted(columns[pk] for pk in placed if columns[pk] is not None)
    if shown:
        return shown[0][1]
    return cached[2] if record.is_library_document else None


@functools.cache
def _record_query():
    """The record page's query, built once per worker (never evaluated itself: each request filters a clone).
    Most records have no attachment, 解读, relation or 征求意见: one EXISTS each decides which list is fetched."""
    mine = OuterRef("pk")
    return Record.objects.public().select_related("unit", "topic").annotate(
        has_attachments=Exists(Attachment.objects.filter(record_id=mine)),
        has_interpretations=Exists(Interpretation.objects.filter(record_id=mine, status=Interpretation.Status.PUBLISHED)),
        has_outgoing=Exists(RecordRelation.objects.filter(source_id=mine, applied_at__isnull=False)),
        has_incoming=Exists(RecordRelation.objects.filter(target_id=mine, applied_at__isnull=False)),
        has_consultations=Exists(Consultation.objects.filter(final_record_id=mine)),
    )


RELATED = 5


def _related(record: Record, categories: list[int]) -> list[Record]:
    """相关信息: the newest published records of the same unit or 主题分类 that share a 第二十条 category.

    One query per side, each walking its (unit|topic, status, -published_at, -id) index and stopping at five:
    the cost does not grow with the library. One query with OR, a category join and DISTINCT sorted every
    record of the unit (13 ms of a 15 ms page at 136,576 records; decision 1702).
    """
    if not categories:
        return []
    shares = Exists(Record.categories.through.objects.filter(record_id=OuterRef("pk"), category_id__in=categories))
    sides = [Q(unit_id=record.unit_id)] + ([Q(topic_id=record.topic_id)] if record.topic_id else [])
    found = {}
    for side in sides:
        newest = (Record.objects.filter(side, shares, status=Record.Status.PUBLISHED).exclude(pk=record.pk)
                  .order_by("-published_at", "-id").only("id", "title", "published_at")[:RELATED])
        found.update((r.pk, r) for r in newest)
    return sorted(found.values(), key=lambda r: (r.published_at, r.pk), reverse=True)[:RELATED]


def record_detail(request, pk: int):
    """Six prefetch queries were most of this page's time: lists are fetched only when the record's EXISTS says so."""
    published = Record.Status.PUBLISHED
    record = get_object_or_404(_record_query(), pk=pk)
    categories = list(record.categories.all())
    attachments = list(record.attachments.all()) if record.has_attachments else []
    interpretations = (list(record.interpretations.filter(status=Interpretation.Status.PUBLISHED).order_by("id"))
                       if record.has_interpretations else [])
    outgoing = (list(record.outgoing_relations.filter(applied_at__isnull=False).select_related("target")
                     .order_by("id")) if record.has_outgoing else [])
    incoming = (list(record.incoming_relations.filter(applied_at__isnull=False, source__status=published)
                     .select_related("source").order_by("-id")) if record.has_incoming else [])
    consultations = (list(Consultation.objects.public().filter(final_record=record).exclude(feedback="")
                          .order_by("id")) if record.has_consultations else [])
    return render(request, "portal/record_detail.html", {
        "record": record, "categories": categories, "attachments": attachments,
        "interpretations": interpretations, "outgoing": outgoing, "incoming": incoming,
        "related": _related(record, [c.pk for c in categories]),
        "consultations": consultations, "column_trail": _column_trail(record, request),
    })


def interpretation_detail(request, pk: int):
    interp = get_object_or_404(
        Interpretation.objects.select_related("record", "record__unit"),
        pk=pk, status=Interpretation.Status.PUBLISHED, record__status=Record.Status.PUBLISHED,
    )
    siblings = list(interp.record.interpretations.filter(status=Interpretation.Status.PUBLISHED)
                    .exclude(pk=interp.pk).order_by("id"))
    return render(request, "portal/interpretation_detail.html", {"interp": interp, "record": interp.record,
                                                                 "siblings": siblings})


def _back(request) -> str:
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return target


def care_switch(request):
    """关怀版 on/off by a plain link (works without JavaScript): sets the `care_mode` cookie and goes back."""
    response = HttpResponseRedirect(_back(request))
    if request.GET.get("v") == "1":
        response.set_cookie("care_mode", "1", max_age=COOKIE_AGE, samesite="Lax")
    else:
        response.delete_cookie("care_mode", samesite="Lax")
    return response


def font_switch(request):
    """字号 by a plain link: sets the `font_step` cookie (−1 … 3) and goes back."""
    try:
        step = int(request.GET.get("v", "0"))
    except ValueError:
        step = 0
    step = max(FONT_STEPS[0], min(step, FONT_STEPS[-1]))
    response = HttpResponseRedirect(_back(request))
    response.set_cookie("font_step", str(step), max_age=COOKIE_AGE, samesite="Lax")
    return response


def accessibility(request):
    return render(request, "portal/accessibility.html")
