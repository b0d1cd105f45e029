"""Who may open a staff page: the decorators every app's staff views use (rules themselves live in access.py)."""
from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from . import access


def forbidden(request, exc: PermissionDenied | None = None):
    """The staff 无权访问 page saying why (the action functions' messages are written for staff), status 403."""
    message = (str(exc) if exc else "") or "您没有权限执行此操作。"
    return render(request, "staff/forbidden.html", {"message": message}, status=403)


NOT_VISIBLE = "没有找到该内容，或您无权访问：其他单位的内部工作不对您显示。"


def not_visible(request):
    """Another unit's case or draft (or nothing at all): a staff page saying so, status 404 so that whether the
    object exists is not revealed — never the portal's public 404 that points citizens to 依申请公开."""
    return render(request, "staff/forbidden.html", {"message": NOT_VISIBLE}, status=404)


def staff_required(view):
    """Logged-in staff only: anonymous users go to the login page, other accounts get the 403 page; a
    PermissionDenied raised inside the view also renders the staff 403 page and an Http404 the staff 无权访问
    page (not the portal 404)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if not access.is_staff_member(request.user):
                raise PermissionDenied("您的账号没有工作台权限，请联系公开办管理员分配角色。")
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)
        except Http404:
            return not_visible(request)

    return wrapper


def office_admin_required(view=None, *, message: str = "只有公开办管理员可以访问此页面。"):
    """公开办管理员 only (on top of staff_required); ``message`` says what the page is for, e.g.
    ``@office_admin_required(message="只有公开办管理员可以管理工作日历。")``."""
    if view is None:
        return functools.partial(office_admin_required, message=message)

    @functools.wraps(view)
    def inner(request, *args, **kwargs):
        if not access.is_office_admin(request.user):
            raise PermissionDenied(message)
        return view(request, *args, **kwargs)

    return staff_required(inner)


def _requires(check, message: str):
    """A decorator factory: `check(user)` must hold (on top of staff_required)."""

    def decorator(view):
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return staff_required(inner)

    return decorator


# 三员分立: each administrator's pages open to that administrator only.
sysadmin_required = _requires(access.is_sysadmin, "只有系统管理员可以管理账号和角色。")
security_admin_required = _requires(access.is_security_admin, "只有安全管理员可以管理登录锁定和会话。")
audit_reader_required = _requires(access.can_read_audit_log, "只有审计管理员（或公开办管理员）可以查看审计日志。")
