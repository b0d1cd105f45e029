"""The 安全管理员's writes: lifting login lockouts and ending sessions — permission check, the change, the audit event.

Both the staff page (/staff/security/) and `zhengwu security unlock` go through here.
"""
from __future__ import annotations

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.org import access

from .events import _Login


def _require_security_admin(by) -> None:
    if by is not None and not isinstance(by, str) and not access.is_security_admin(by):
        raise PermissionDenied("只有安全管理员可以解除登录锁定或结束会话。")


@transaction.atomic
def unlock(*, by, username: str = "", ip: str = "", reason: str) -> int:
    """Lift the lockout of an account and/or an IP; returns the failure records cleared. `by` is the 安全管理员
    (or, from the command line, the name typed)."""
    _require_security_admin(by)
    username, ip = (username or "").strip(), (ip or "").strip()
    if not (username or ip):
        raise ValidationError("请指明要解锁的账号或 IP。")
    if not (reason or "").strip():
        raise ValidationError("请填写解锁理由（如：已电话核实为本人输错密码）。")
    removed = reset(ip=ip or None, username=username or None)
    actor = f"命令行（{by or '安全管理员'}）" if by is None or isinstance(by, str) else by
    record_event(actor=actor, action="login_unlock", target=_Login(username), target_type="auth.user",
                 after={"username": username, "ip": ip, "removed": removed}, reason=reason.strip())
    return removed


def active_sessions() -> list[dict]:
    """Unexpired sessions by account: who, how many, until when (decoded here; nothing is written)."""
    by_user: dict[int, dict] = {}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).order_by("-expire_date"):
        user_id = session.get_decoded().get("_auth_user_id")
        if not user_id:
            continue
        entry = by_user.setdefault(int(user_id), {"count": 0, "expires": session.expire_date})
        entry["count"] += 1
    users = get_user_model().objects.in_bulk(list(by_user))
    return [{"user": users[uid], **entry} for uid, entry in by_user.items() if uid in users]


@transaction.atomic
def end_sessions(user, *, by, reason: str = "") -> int:
    """Log `user` out everywhere (强制下线): every session of theirs deleted; audited as session_end."""
    _require_security_admin(by)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    record_event(actor=by, action="session_end", target=user, target_type="auth.user",
                 after={"username": user.get_username(), "sessions": ended}, reason=reason)
    return ended
