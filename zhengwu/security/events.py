"""Audit events for logins, logouts, failed logins and lockouts (等保2.0 安全审计: 登录、登录失败、锁定).

Connected to Django's auth signals and django-axes' lockout signal, so every login entry (/staff/, /cms/,
/django-admin/) is covered. The password is never recorded; the username typed at a failed login is.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from zhengwu.audit.log import record_event
from zhengwu.core.ratelimit import client_ip

from . import passwords, second_factor


def _where(request) -> dict:
    if request is None:
        return {}
    return {"ip": client_ip(request), "path": request.path[:100]}


class _Login:
    """The target of a failed login: the account if it exists, else just the name typed."""

    def __init__(self, username: str):
        user = get_user_model().objects.filter(username=username).first() if username else None
        self.pk = user.pk if user else ""
        self.username = username

    def __str__(self) -> str:
        return self.username or "（空用户名）"


def on_login(sender, request, user, **kwargs):
    record_event(actor=user, action="login", target=user, after=_where(request))
    if request is not None and hasattr(request, "session"):
        # What the session still owes after the password (checked by SecondFactorMiddleware on every staff page).
        request.session[second_factor.ENROLLED_SESSION_KEY] = second_factor.has_any_device(user)
        request.session[passwords.EXPIRED_SESSION_KEY] = passwords.password_expired(user)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action="logout", target=user, after=_where(request))


def on_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record_event(actor=f"未登录（{username or '空用户名'}）", action="login_failed", target=_Login(username),
                 target_type="auth.user", after={"username": username, **_where(request)})


def on_lockout(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    record_event(actor=f"未登录（{username or '空用户名'}）", action="login_lockout",
                 target=_Login(username), target_type="auth.user",
                 after={"username": username, "ip": ip_address or "", "path": getattr(request, "path", "")[:100]})


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="zhengwu.security.login")
    user_logged_out.connect(on_logout, dispatch_uid="zhengwu.security.logout")
    user_login_failed.connect(on_failed, dispatch_uid="zhengwu.security.failed")
    user_locked_out.connect(on_lockout, dispatch_uid="zhengwu.security.lockout")
