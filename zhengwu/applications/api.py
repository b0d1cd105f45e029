"""依申请公开 API.

- `GET /api/v1/applications/status?code=…` (public): status and due date only — nothing personal.
- `GET /api/v1/applications` and `GET /api/v1/applications/{id}` (staff, session auth): cases of the units the
  user may see; the applicant's name is masked in the list and shown in full only to the handling unit /
  公开办管理员 on the single case.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from zhengwu import pii
from zhengwu.org import access as org_access

from . import access, actions, captcha, clock
from .models import Application, Status

router = Router(tags=["依申请公开"])


class PublicStatus(Schema):
    status: str
    status_display: str
    received_date: dt.date | None
    due_date: dt.date | None
    due_date_provisional: bool
    closed: bool


class Error(Schema):
    detail: str


class CaseOut(Schema):
    id: int
    serial: str
    unit: str
    applicant: str
    applicant_type: str
    channel: str
    status: str
    status_display: str
    received_date: dt.date | None
    due_date: dt.date | None
    due_date_provisional: bool
    warning: str
    final_outcome: str
    closed_date: dt.date | None


class EventOut(Schema):
    date: dt.date | None
    kind: str
    description: str
    old_due_date: dt.date | None
    new_due_date: dt.date | None
    rule: str


class CaseDetail(CaseOut):
    description: str
    id_type: str | None
    id_number: str
    phone: str
    address: str
    events: list[EventOut]


@router.get("/applications/status", response={200: PublicStatus, 404: Error, 422: Error, 429: Error}, auth=None,
            summary="按查询码查询办理进度（公开）")
def public_status(request, code: str = ""):
    code = (code or "").strip().upper().replace("-", "")
    if not code:
        return 422, {"detail": "请提供查询码。"}
    count, window = captcha.lookup_limit()
    if captcha.rate_limited(request, "yisq_lookup", limit=count, window=window):
        return 429, {"detail": "查询过于频繁，请稍后再试。"}
    app = Application.objects.filter(query_code=code).first()
    if app is None:
        return 404, {"detail": "未找到该查询码对应的申请。"}
    return 200, {"status": app.status, "status_display": app.get_status_display(), "received_date": app.received_date,
                 "due_date": app.due_date if app.is_open else None, "due_date_provisional": app.due_date_provisional,
                 "closed": app.status == Status.CLOSED}


def _case(app: Application, today, cal, *, full: bool) -> dict:
    name = app.applicant_name if (full or app.is_organisation) else pii.mask_name(app.applicant_name)
    return {
        "id": app.pk, "serial": app.serial, "unit": app.unit.name, "applicant": name,
        "applicant_type": app.applicant_type, "channel": app.channel, "status": app.status,
        "status_display": app.get_status_display(), "received_date": app.received_date, "due_date": app.due_date,
        "due_date_provisional": app.due_date_provisional,
        "warning": clock.warning_level(app.due_date, today, cal) if app.is_open else "",
        "final_outcome": app.final_outcome, "closed_date": app.closed_date,
    }


def _staff(request):
    if not org_access.is_staff_member(request.user):
        raise HttpError(403, "您的账号没有工作台权限。")


@router.get("/applications", response={200: list[CaseOut], 403: Error}, auth=django_auth,
            summary="依申请公开案件列表（工作人员）")
def list_cases(request, status: str = "open", limit: int = 100, offset: int = 0):
    _staff(request)
    qs = access.visible_cases(request.user).order_by("due_date", "-submitted_at")
    if status == "open":
        qs = qs.open()
    elif status in Status.values:
        qs = qs.filter(status=status)
    limit = max(1, min(limit, 500))
    today, cal = timezone.localdate(), clock.get_calendar()
    return 200, [_case(a, today, cal, full=False) for a in qs[offset: offset + limit]]


@router.get("/applications/{int:case_id}", response={200: CaseDetail, 403: Error, 404: Error}, auth=django_auth,
            summary="依申请公开案件详情（工作人员）")
def case_detail(request, case_id: int):
    _staff(request)
    app = access.visible_cases(request.user).filter(pk=case_id).first()
    if app is None:
        return 404, {"detail": "申请不存在或您无权查看。"}
    today, cal = timezone.localdate(), clock.get_calendar()
    identity = access.can_see_identity(request.user, app)
    if identity:
        actions.record_identity_view(app, by=request.user, where="工作人员接口")
    data = _case(app, today, cal, full=identity)
    data.update(
        description=app.description, id_type=app.id_type if identity else None,
        id_number=app.id_number if identity else pii.mask_id_number(app.id_number),
        phone=app.phone if identity else "****", address=app.address if identity else "****",
        events=[{"date": e.date, "kind": e.kind, "description": e.description, "old_due_date": e.old_due_date,
                 "new_due_date": e.new_due_date, "rule": e.rule} for e in app.events.order_by("created_at", "id")],
    )
    return 200, data
