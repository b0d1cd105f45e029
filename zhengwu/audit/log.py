"""Write one audit event. Called by every action function, inside its transaction."""
from __future__ import annotations

import datetime as _dt
import decimal

from zhengwu.pii import redact

from .models import AuditEvent


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_event(*, actor, action: str, target, before: dict | None = None, after: dict | None = None,
                 unit=None, reason: str = "", target_type: str | None = None) -> AuditEvent:
    """Audit `action` on `target` by `actor`. Personal numbers in before/after/reason are masked."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    name = ""
    if is_user:
        name = actor.get_full_name() or actor.get_username()
    elif isinstance(actor, str):
        name = actor
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=name or "系统",
        action=action,
        target_type=target_type or target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=redact(str(target))[:300],
        unit=unit,
        before=redact(_jsonable(before)) if before is not None else None,
        after=redact(_jsonable(after)) if after is not None else None,
        reason=redact(reason or ""),
    )


def events_for(target):
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
