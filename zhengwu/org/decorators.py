"""Who may open a staff page: the decorators every app's staff views use (rules themselves live in access.py)."""
from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import access


def forbidden(request, exc: PermissionDenied | None = None):
    """The staff 无权访问 page saying why (the action functions' messages are written for staff), status 403."""
    message = (str(exc) if exc else "") or "您没有权限执行此操作。"
    return render(request, "staff/forbidden.html", {"message": message}, status=403)


def staff_required(view):
    """Logged-in staff only: anonymous users go to the login page, other accounts get the 403 page; a
    PermissionDenied raised inside the view also renders the staff 403 page (not the portal 404)."""

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

    return wrapper


def office_admin_required(view):
    """公开办管理员 only (on top of staff_required)."""

    @functools.wraps(view)
    def inner(request, *args, **kwargs):
        if not access.is_office_admin(request.user):
            raise PermissionDenied("只有公开办管理员可以访问此页面。")
        return view(request, *args, **kwargs)

    return staff_required(inner)
