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

from zhengwu.org.decorators import security_admin_required

from . import actions


@security_admin_required
def overview(request):
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")[:200]
    rows = [{"a": a, "locked": a.failures_since_start >= settings.AXES_FAILURE_LIMIT} for a in attempts]
    return render(request, "security/overview.html", {
        "attempts": rows, "sessions": actions.active_sessions(), "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    })


@security_admin_required
@require_POST
def unlock(request):
    try:
        removed = actions.unlock(by=request.user, username=request.POST.get("username", "")[:150],
                                 ip=request.POST.get("ip", "")[:45], reason=request.POST.get("reason", "")[:200])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已解除锁定（清除 {removed} 条失败记录）。")
    return redirect("staff:security")


@security_admin_required
@require_POST
def end_sessions(request, pk: int):
    user = get_object_or_404(get_user_model(), pk=pk)
    ended = actions.end_sessions(user, by=request.user, reason=request.POST.get("reason", "")[:200])
    messages.success(request, f"已结束“{user.get_username()}”的 {ended} 个会话。")
    return redirect("staff:security")
