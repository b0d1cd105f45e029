"""政务服务 API (public, no account), the field names of issue 14 item 7:

- `GET /api/v1/services`: the 事项清单 with every guide element, 20 per page.
- `GET /api/v1/services/metrics`: the catalog metrics (catalog_metrics.py, docs/decisions/1503), shares 0–1.
- `GET /api/v1/life-events`: the 一件事 with their 事项 codes and 情形 questions.
- `GET /api/v1/life-events/{id}/checklist?answers=q1:o1,q2:o3`: the 一次告知单 for those answers (merge.py).
- `GET /api/v1/ratings/metrics`: the 好差评 metrics (rating_metrics.py, docs/decisions/1502) for a period.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import catalog_metrics, checklist, merge, rating_metrics
from .models import LifeEvent, Material, Option, Question, Service

router = Router(tags=["政务服务"])
PAGE_SIZE = 20


class Error(Schema):
    detail: str


class MaterialItem(Schema):
    name: str
    source: str
    form: str
    copies: int
    required: bool
    tolerance: bool
    commitment: bool
    exempt: str | None


class ServiceItem(Schema):
    code: str
    name: str
    type: str
    basis: str
    implementing_unit: str
    level: str
    conditions: str
    materials: list[MaterialItem]
    process: list[str]
    legal_limit_workdays: int | None
    promised_limit_workdays: int
    fee: str
    location: str
    hours: str
    consult_phone: str
    complaint_phone: str
    online_depth: int
    online_available: bool
    url: str


class ServiceList(Schema):
    count: int
    items: list[ServiceItem]


class CatalogMetricsOut(Schema):
    online_rate: float | None
    depth3_rate: float | None
    speedup_rate: float | None
    material_reduction_rate: float | None


class OptionItem(Schema):
    id: int
    text: str


class QuestionItem(Schema):
    id: int
    text: str
    options: list[OptionItem]


class LifeEventItem(Schema):
    id: int
    name: str
    services: list[str]
    questions: list[QuestionItem]


class LifeEventList(Schema):
    items: list[LifeEventItem]


class ChecklistMaterial(Schema):
    name: str
    for_: list[str] = Field(..., alias="for", description="该材料服务的事项编码")
    copies: int
    skippable: bool
    exempt: str | None
    commitment: bool
    tolerance: bool


class ChecklistOut(Schema):
    services: list[str]
    materials: list[ChecklistMaterial]


class RatingMetricsOut(Schema):
    coverage_rate: float | None
    actual_rating_rate: float | None
    bad_review_handled_rate: float | None
    data_timeliness_rate: float | None


def _page(value: str | None) -> int:
    if value in (None, ""):
        return 1
    if not value.isdigit() or len(value) > 6 or int(value) < 1:
        raise HttpError(422, "参数 page 应为 1 以上的整数。")
    return int(value)


def _date(value: str | None, name: str, default: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HttpError(422, f"参数 {name} 应为日期，格式如 2026-01-31。") from None


def _material(m: Material) -> dict:
    return {"name": m.name, "source": m.get_source_display(), "form": m.get_form_display(), "copies": m.copies,
            "required": m.necessity == Material.Necessity.REQUIRED, "tolerance": m.tolerance,
            "commitment": m.commitment, "exempt": m.get_exempt_display() if m.exempt else None}


def service_item(request, s: Service) -> dict:
    return {
        "code": s.code, "name": s.name, "type": s.get_type_display(), "basis": s.basis_text,
        "implementing_unit": s.unit.name, "level": s.get_level_display(), "conditions": s.conditions,
        "materials": [_material(m) for m in s.materials.all()], "process": s.steps,
        "legal_limit_workdays": s.legal_limit_workdays, "promised_limit_workdays": s.promised_limit_workdays,
        "fee": s.fee_display, "location": s.location, "hours": s.hours, "consult_phone": s.consult_phone,
        "complaint_phone": s.complaint_phone, "online_depth": s.online_depth,
        "online_available": s.online_available,
        "url": request.build_absolute_uri(reverse("services_public:guide", args=[s.code])),
    }


@router.get("/services", response={200: ServiceList, 422: Error}, auth=None, summary="政务服务事项清单",
            description="在用的政务服务事项及其办事指南要素（国家实施清单要素）。type 为事项类型（行政许可、行政给付、行政确认、"
                        "行政裁决、行政奖励、其他行政权力、公共服务）；时限为工作日；online_depth 为网上办理深度1至4级"
                        "（国办函〔2016〕108号，4级为全程网办）；材料 exempt 为免提交方式（电子证照免提交、数据共享免提交，"
                        "需提交为 null）。每页20条。")
def list_services(request, page: str | None = Query(None, description="页码，从 1 开始")):
    number = _page(page)
    qs = (Service.objects.public().select_related("unit")
          .prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("order", "id"))))
    total = qs.count()
    start = (number - 1) * PAGE_SIZE
    rows = list(qs[start:start + PAGE_SIZE]) if start < total else []
    return {"count": total, "items": [service_item(request, s) for s in rows]}


@router.get("/services/metrics", response={200: CatalogMetricsOut}, auth=None, summary="事项清单指标",
            description="由事项清单计算（docs/decisions/1503）：online_rate 网上可办率，depth3_rate 三级以上网办深度事项比例，"
                        "speedup_rate 平均承诺时限提速率，material_reduction_rate 材料压减率（对照记录的基准材料数）；"
                        "均为0至1的比例，无可计算对象时为 null。")
def services_metrics(request):
    m = catalog_metrics.compute()
    return {k: getattr(m, k) for k in catalog_metrics.TARGETS}


def _events():
    return LifeEvent.objects.filter(is_active=True).prefetch_related(
        "entries__service", Prefetch("questions", queryset=Question.objects.order_by("order", "id")
                                     .prefetch_related(Prefetch("options", queryset=Option.objects.order_by(
                                         "order", "id")))))


@router.get("/life-events", response={200: LifeEventList}, auth=None, summary="一件事一次办",
            description="一件事及其包含的事项编码和情形问题；回答用 q<问题id>:o<选项id> 传给 checklist 接口。")
def list_life_events(request):
    return {"items": [{
        "id": e.pk, "name": e.name,
        "services": [x.service.code for x in e.entries.all() if x.service.is_active],
        "questions": [{"id": q.pk, "text": q.text, "options": [{"id": o.pk, "text": o.text} for o in q.options.all()]}
                      for q in e.questions.all()],
    } for e in _events()]}


@router.get("/life-events/{event_id}/checklist", response={200: ChecklistOut, 404: Error, 422: Error}, auth=None,
            summary="一次告知单", by_alias=True,
            description="按所选情形合并的一次告知单：services 为需办理的事项编码（按办理顺序），materials 每项材料只列一次，"
                        "for 为它所服务的事项编码；skippable 为可免提交（电子证照、数据共享或告知承诺）。answers 形如 "
                        "q1:o1,q2:o3；回答不属于这件事的问题或选项时返回422。")
def life_event_checklist(request, event_id: str, answers: str | None = Query(None, description="q<问题id>:o<选项id>，逗号分隔")):
    if not event_id.isdigit() or len(event_id) > 12:
        raise HttpError(404, "没有这件事，请从一件事列表中选择。")
    event = LifeEvent.objects.filter(pk=int(event_id), is_active=True).first()
    if event is None:
        raise HttpError(404, "没有这件事，请从一件事列表中选择。")
    if answers is not None and len(answers) > 2000:
        raise HttpError(422, "回答过长。")
    try:
        result = checklist.build(event, merge.parse_answers(answers or ""))
    except merge.AnswerError as exc:
        raise HttpError(422, str(exc)) from None
    return {"services": result.codes, "materials": [{
        "name": m.name, "for": m.serves, "copies": m.copies, "skippable": m.skippable,
        "exempt": {"e_license": "电子证照免提交", "shared": "数据共享免提交"}.get(m.exempt), "commitment": m.commitment,
        "tolerance": m.tolerance} for m in result.materials]}


@router.get("/ratings/metrics", response={200: RatingMetricsOut, 422: Error}, auth=None, summary="好差评指标",
            description="国办发〔2019〕51号的好差评指标（docs/decisions/1502）：coverage_rate 评价覆盖率，actual_rating_rate "
                        "群众实际评价率，bad_review_handled_rate 差评有效处置率（整改率），data_timeliness_rate 数据汇集及时"
                        "准确率；均为0至1，分母为0时为 null。期间默认本年1月1日至今日（北京时间）。")
def ratings_metrics(request, start: str | None = Query(None, description="起始日期 YYYY-MM-DD"),
                    end: str | None = Query(None, description="截止日期 YYYY-MM-DD")):
    today = timezone.localdate()
    lo = _date(start, "start", today.replace(month=1, day=1))
    hi = _date(end, "end", today)
    if hi < lo:
        raise HttpError(422, "截止日期不能早于起始日期。")
    if (hi - lo).days > 3660:
        raise HttpError(422, "统计期间不能超过10年。")
    m = rating_metrics.compute(lo, hi)
    return {"coverage_rate": m.coverage_rate, "actual_rating_rate": m.actual_rating_rate,
            "bad_review_handled_rate": m.bad_review_handled_rate, "data_timeliness_rate": m.data_timeliness_rate}
