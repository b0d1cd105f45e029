"""The 安全管理员's page: login lockouts (django-axes) to lift, active sessions to end. Views only read and call
zhengwu.security.actions."""
from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengwu.core.forms import errors_to_form
from zhengwu.org.decorators import security_admin_required

from . import actions
from .forms import EndSessionsForm, UnlockForm


def _recent_attempts():
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")[:200]


def _overview(request, failed=None, ending=None, status=200):
    """The page; `failed` is (attempt pk, bound UnlockForm) of a 解锁 that failed, shown in its row, `ending`
    (user pk, bound EndSessionsForm) a 强制下线 that failed."""
    attempts = _recent_attempts()
    rows = [{"a": a, "locked": a.failures_since_start >= settings.AXES_FAILURE_LIMIT,
             "form": failed[1] if failed and failed[0] == a.pk else UnlockForm(
                 initial={"username": a.username or "", "ip": a.ip_address or ""}, auto_id=f"unlock-{a.pk}_%s")}
            for a in attempts]
    sessions = actions.active_sessions()
    for s in sessions:
        s["form"] = ending[1] if ending and ending[0] == s["user"].pk else EndSessionsForm(
            auto_id=f"end-{s['user'].pk}_%s")
    return render(request, "security/overview.html", {
        "attempts": rows, "sessions": sessions, "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60), "failed": (failed and failed[1]) or (ending and ending[1]),
    }, status=status)


@security_admin_required
def overview(request):
    return _overview(request)


@security_admin_required
@require_POST
def unlock(request):
    """解锁 a row; refused, the page again with the summary in that row (nothing lifted, nothing audited)."""
    username, ip = request.POST.get("username", "")[:150], request.POST.get("ip", "")[:45]
    row = next((a for a in _recent_attempts() if (a.username or "", a.ip_address or "") == (username, ip)), None)
    form = UnlockForm(request.POST, auto_id=f"unlock-{row.pk if row else 0}_%s")
    if form.is_valid():
        try:
            removed = actions.unlock(by=request.user, username=form.cleaned_data["username"],
                                     ip=form.cleaned_data["ip"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已解除锁定（清除 {removed} 条失败记录）。")
            return redirect("staff:security")
    if row is None:  # no row to show the form in (the lockout has gone meanwhile)
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("staff:security")
    return _overview(request, failed=(row.pk, form), status=400)


@security_admin_required
@require_POST
def end_sessions(request, pk: int):
    """强制下线; a reason the form refuses is the page again at 400 with the summary in that account's row (no
    session ended, nothing audited)."""
    user = get_object_or_404(get_user_model(), pk=pk)
    form = EndSessionsForm(request.POST, auto_id=f"end-{user.pk}_%s")
    if form.is_valid():
        ended = actions.end_sessions(user, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"已结束“{user.get_username()}”的 {ended} 个会话。")
        return redirect("staff:security")
    return _overview(request, ending=(user.pk, form), status=400)
