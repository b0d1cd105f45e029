"""GET /api/v1/documents: published government information, filterable as the issue asks.

Only published records are ever returned. Parameters are read as text and checked here so that a bad one
gets a Chinese message (422) instead of a framework error in English.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from zhengwu.core.params import MAX_ID_DIGITS, ascii_id, is_hostname

from . import doc_number
from .models import Attachment, Category, Interpretation, Record

router = Router(tags=["政府信息"])

MAX_PAGE_SIZE = 100


class CategoryOut(Schema):
    number: int
    name: str


class DocumentOut(Schema):
    id: int
    title: str
    document_number: str
    index_number: str | None
    publisher: str
    written_date: dt.date | None
    published_date: dt.date | None
    validity: str
    validity_display: str
    kind: str
    categories: list[CategoryOut]
    url: str


class DocumentList(Schema):
    count: int
    items: list[DocumentOut]


class AttachmentOut(Schema):
    name: str
    size: int
    url: str


class InterpretationOut(Schema):
    title: str
    form: str
    form_display: str
    url: str


class RelationOut(Schema):
    kind: str
    title: str
    document_number: str
    url: str


class DocumentDetail(DocumentOut):
    topic: str | None
    effective_date: dt.date | None
    disclosure_mode: str
    summary: str
    body: str
    attachments: list[AttachmentOut]
    interpretations: list[InterpretationOut]
    amends_or_repeals: list[RelationOut]
    amended_or_repealed_by: list[RelationOut]


class Error(Schema):
    detail: str


def _published():
    return Record.objects.public().select_related("unit").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("number")))


def _item(request, r: Record) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "document_number": r.document_number,
        "index_number": r.index_number,
        "publisher": r.publisher_display,
        "written_date": r.written_date,
        "published_date": timezone.localdate(r.published_at) if r.published_at else None,
        "validity": r.validity,
        "validity_display": r.get_validity_display(),
        "kind": r.kind,
        "categories": [{"number": c.number, "name": c.name} for c in r.categories.all()],
        "url": request.build_absolute_uri(r.get_absolute_url()),
    }


def _int(value: str | None, name: str, *, low: int, high: int | None = None) -> int | None:
    if value is None or value == "":
        return None
    number = ascii_id(value)
    if number is None or number < low or (high is not None and number > high):
        upper = f"至{high}" if high is not None else "以上"
        raise HttpError(422, f"参数 {name} 应为 {low}{upper} 的整数。")
    return number


def _site_filter(value: str) -> Q:
    """集约化: a site shows its unit's (and lower units') records and whatever is placed in its columns."""
    from wagtail.models import Site

    site_id = ascii_id(value)
    if site_id is not None:
        site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    elif is_hostname(value):
        site = Site.objects.filter(hostname__iexact=value.strip()).select_related("root_page").first()
    else:
        raise HttpError(422, f"参数 site 应为站点域名或不超过{MAX_ID_DIGITS}位的站点编号。")
    if site is None:
        raise HttpError(422, f"站点“{value[:50]}”不存在（应为站点域名或编号）。")
    condition = Q(columns__path__startswith=site.root_page.path)
    profile = getattr(site, "profile", None)  # a site without a SiteProfile shows only its columns
    if profile is not None:
        condition |= Q(unit_id__in=profile.unit.descendant_ids())
    return condition


@router.get("/documents", response={200: DocumentList, 422: Error}, summary="政府信息列表",
            description="只返回已发布的政府信息。按文号（任意括号与全半角写法）、条例第二十条公开类别、发布机构、"
                        "发布年份、有效性、站点筛选，分页返回。")
def list_documents(
    request,
    document_number: str | None = Query(None, description="文号，如 示政办发〔2026〕1号；[]、【】、全角写法均可"),
    category: str | None = Query(None, description="条例第二十条公开类别的项号 1–15"),
    publisher: str | None = Query(None, description="单位代号，或发布机构（署名）/单位全称"),
    year: str | None = Query(None, description="发布年份，如 2026"),
    validity: str | None = Query(None, description="有效性：valid 有效 / expired 失效 / repealed 废止 / amended 已修订"),
    site: str | None = Query(None, description="站点域名或编号：该站点单位及下级单位的信息，和放在该站点栏目中的信息"),
    page: str | None = Query(None, description="页码，从 1 开始"),
    page_size: str | None = Query(None, description="每页条数，最多 100，默认 20"),
):
    qs = _published()
    if document_number:
        key = doc_number.search_key(document_number)
        if not key:
            raise HttpError(422, f"文号“{document_number.strip()[:50]}”无法识别，应如“示政办发〔2026〕1号”。")
        qs = qs.filter(document_number_key=key)
    number = _int(category, "category", low=1, high=15)
    if number is not None:
        qs = qs.filter(categories__number=number)
    if publisher:
        name = publisher.strip()
        qs = qs.filter(Q(unit__code=name) | Q(publisher_name=name) | Q(unit__name=name))
    year_number = _int(year, "year", low=1949, high=2100)
    if year_number is not None:
        start = timezone.make_aware(dt.datetime(year_number, 1, 1))
        qs = qs.filter(published_at__gte=start, published_at__lt=timezone.make_aware(dt.datetime(year_number + 1, 1, 1)))
    if validity:
        if validity not in Record.Validity.values:
            raise HttpError(422, "参数 validity 应为 valid（有效）、expired（失效）、repealed（废止）或 amended（已修订）。")
        qs = qs.filter(validity=validity)
    if site:
        qs = qs.filter(_site_filter(site)).distinct()
    page_number = _int(page, "page", low=1) or 1
    size = _int(page_size, "page_size", low=1, high=MAX_PAGE_SIZE) or 20
    qs = qs.order_by("-published_at", "-id")
    total = qs.count()
    start = (page_number - 1) * size
    rows = list(qs[start:start + size]) if start < total else []
    return {"count": total, "items": [_item(request, r) for r in rows]}


def _relation(request, record: Record, kind: str) -> dict:
    return {"kind": kind, "title": record.title, "document_number": record.document_number,
            "url": request.build_absolute_uri(record.get_absolute_url())}


@router.get("/documents/{id}", response={200: DocumentDetail, 404: Error}, summary="政府信息详情")
def get_document(request, id: str):
    record_id = ascii_id(id)
    if record_id is None:
        raise HttpError(404, "没有找到该政府信息。")
    qs = _published().select_related("topic").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        Prefetch("interpretations", queryset=Interpretation.objects.filter(
            status=Interpretation.Status.PUBLISHED).order_by("id"), to_attr="public_interpretations"),
        "outgoing_relations__target", "incoming_relations__source",
    )
    record = qs.filter(pk=record_id).first()
    if record is None:
        raise HttpError(404, "没有找到该政府信息。")
    data = _item(request, record)
    data.update(
        topic=record.topic.name if record.topic else None,
        effective_date=record.effective_date,
        disclosure_mode=record.disclosure_mode,
        summary=record.summary,
        body=record.body,
        attachments=[{"name": a.name, "size": a.size, "url": request.build_absolute_uri(a.download_url)}
                     for a in record.attachments.all()],
        interpretations=[{"title": i.title, "form": i.form, "form_display": i.get_form_display(),
                          "url": request.build_absolute_uri(i.get_absolute_url())}
                         for i in record.public_interpretations],
        amends_or_repeals=[_relation(request, r.target, r.kind) for r in record.outgoing_relations.all()
                           if r.target.status == Record.Status.PUBLISHED],
        amended_or_repealed_by=[_relation(request, r.source, r.kind) for r in record.incoming_relations.all()
                                if r.source.status == Record.Status.PUBLISHED],
    )
    return data
