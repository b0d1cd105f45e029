"""What every case action shares: the audited snapshot, the case history, date parsing, the due date as the case
stands (条例第三十三条).
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.core.dates import local_date

from .. import clock, workflow
from ..models import (
    Application,
    CaseEvent,
    Consultation,
    Fee,
)

PUBLIC_ACTOR = "申请人（网上）"


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


_PHONE_RE = re.compile(r"^\+?[\d\- ]{7,20}$")




def _today() -> dt.date:
    return timezone.localdate()


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _check_handler(by, app_or_unit) -> None:
    unit = app_or_unit.unit if isinstance(app_or_unit, Application) else app_or_unit
    blocker = workflow.permission_blocker(unit, by)
    if blocker:
        raise PermissionDenied(blocker.message)


def _actor_name(by) -> str:
    if by is None:
        return "系统"
    if isinstance(by, str):
        return by
    return by.get_full_name() or by.get_username()


def snapshot(app: Application) -> dict:
    """The audited view of a case: its state, never the applicant's identity or contact."""
    return {
        "serial": app.serial,
        "unit": app.unit_id,
        "status": app.status,
        "channel": app.channel,
        "applicant_type": app.applicant_type,
        "received_date": app.received_date,
        "clock_start": app.clock_start,
        "due_date": app.due_date,
        "due_date_provisional": app.due_date_provisional,
        "final_outcome": app.final_outcome,
        "closed_date": app.closed_date,
        "handler": app.handler_id,
    }


def _audit(app: Application, by, action: str, before: dict | None, reason: str = "", target=None) -> None:
    record_event(actor=by, action=action, target=target or app,
                 before=before, after=snapshot(app), unit=app.unit, reason=reason)


def _event(app: Application, by, kind: str, description: str = "", *, date: dt.date | None = None,
           old_due: dt.date | None = None, new_due: dt.date | None = None, rule: str = "",
           public: bool = False) -> CaseEvent:
    return CaseEvent.objects.create(
        application=app, actor=by if by is not None and not isinstance(by, str) else None,
        actor_name=_actor_name(by), kind=kind, description=description, date=date, old_due_date=old_due,
        new_due_date=new_due, rule=rule, public=public)


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("unit").get(pk=app.pk)


def _require_open(app: Application) -> None:
    blocker = workflow.closed_blocker(app)
    if blocker:
        raise ValidationError(blocker.message)


def _require_received(app: Application) -> None:
    blocker = workflow.received_blocker(app)
    if blocker:
        raise ValidationError(blocker.message)


def _date(value, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValidationError({field: f"{label}格式不正确，应为 年-月-日（如 2026-03-02）。"}) from exc
    raise ValidationError({field: f"请填写{label}。"})


def _not_future(d: dt.date, field: str, label: str) -> None:
    if d > _today():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _new_query_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def _delivered(sent: dt.date, delivery: str, received) -> tuple[dt.date, str]:
    """When the other side received a request or notice (a recorded date, else the delivery default)."""
    received = _date(received, "received_date", "收到日期") if received else None
    if received:
        _not_future(received, "received_date", "收到日期")
    try:
        return clock.delivered_date(sent, delivery, received)
    except clock.ReceiptError as exc:
        raise ValidationError({"received_date" if received else "delivery": str(exc)}) from exc


def pauses_for(app: Application) -> list[clock.Pause]:
    """Periods not counted (第三十三条第三款 consultations; 109号 fee notices)."""
    pauses = []
    for c in app.consultations.all():
        rule = clock.ART32 if c.kind == Consultation.Kind.THIRD_PARTY else clock.ART34
        # A late answer does not stretch the pause beyond the 15 working days (第三十二条、第三十四条).
        end = min(c.replied_date, c.reply_deadline) if c.replied_date else c.reply_deadline
        pauses.append(clock.Pause(c.sent_date, end, f"{c.get_kind_display()}（{c.party_name}）",
                                  f"{clock.ART33_NOT_COUNTED}；{rule}"))
    for f in app.fees.all():
        if f.status == Fee.FeeStatus.PAID:
            end = f.paid_date
        elif f.status == Fee.FeeStatus.WAIVED:
            end = f.waived_date or f.notice_date
        else:
            end = f.pay_deadline
        if end and end > f.notice_date:
            pauses.append(clock.Pause(f.notice_date, end, "收费通知至缴费", clock.FEE_PAUSE_RULE))
    return pauses


def compute_due(app: Application, cal=None) -> clock.Due | None:
    """The due date as the case stands now; None while the clock has not started or a 补正 is awaited."""
    if not app.clock_start:
        return None
    correction = getattr(app, "correction", None) if app.pk else None
    if correction is not None and not correction.corrected_date:
        return None
    extension = getattr(app, "extension", None) if app.pk else None
    return clock.compute_due(clock_start=app.clock_start, extension_days=extension.days if extension else 0,
                             pauses=pauses_for(app), cal=cal)


def _refresh_due(app: Application, by, cause: str, rule: str, *, date: dt.date | None = None, cal=None) -> None:
    """Recompute and store the due date; a change is kept in the history with the rule that caused it."""
    due = compute_due(app, cal)
    new, provisional = (due.due_date, due.provisional) if due else (None, False)
    old = app.due_date
    app.due_date, app.due_date_provisional = new, provisional
    app.save(update_fields=["due_date", "due_date_provisional", "updated_at"])
    if old != new:
        desc = cause
        if due and due.provisional:
            desc += "。" + due.steps[-1]
        _event(app, by, "due_date", desc, date=date, old_due=old, new_due=new, rule=rule, public=True)
