"""Account pages (/staff/account/): the second factor after the password, TOTP enrolment, backup codes, password change, and the
安全管理员's 2FA reset. Views only ask; rules and audit live in second_factor.py and policy.py."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhengwu.audit.log import record_event
from zhengwu.org.decorators import forbidden

from . import passwords, policy, second_factor
from .forms import CodeForm, ResetForm, StaffPasswordChangeForm


def _next(request, default: str = "/staff/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
def verify(request):
    if not second_factor.has_any_device(request.user):
        return redirect(f"/staff/account/2fa/setup/?next={quote(_next(request))}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify(request, request.user, form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            return redirect(_next(request))
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request):
    if second_factor.has_any_device(request.user) and not second_factor.is_verified(request):
        # Re-binding (a new phone) needs the old factor first: a password alone must not replace it.
        return redirect(f"/staff/account/2fa/verify/?next={quote(_next(request))}")
    device = second_factor.pending_totp(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_totp(request, request.user, form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc)
        else:
            return render(request, "security/backup_codes.html", {"codes": codes, "next": _next(request)})
    return render(request, "security/setup.html", {
        "form": form, "next": _next(request), "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_base32(device), "required": policy.requires_second_factor(request.user),
    })


@login_required
def account(request):
    user = request.user
    return render(request, "security/account.html", {
        "has_totp": second_factor.has_totp(user), "required": policy.requires_second_factor(user),
        "codes_left": second_factor.backup_codes_left(user), "security_admin": policy.is_security_admin(user),
    })


@login_required
@require_POST
def backup_codes(request):
    try:
        codes = second_factor.regenerate_backup_codes(request, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("security:account")
    return render(request, "security/backup_codes.html", {"codes": codes, "next": "/staff/account/"})


@login_required
@require_POST
def remove(request):
    try:
        second_factor.remove(request, request.user)
    except PermissionDenied as exc:
        return forbidden(request, exc)
    messages.success(request, "已关闭双因素认证。")
    return redirect("security:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "security/password_change.html"
    form_class = StaffPasswordChangeForm
    success_url = reverse_lazy("security:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(passwords.EXPIRED_SESSION_KEY, None)
        record_event(actor=self.request.user, action="password_changed", target=self.request.user,
                     after=second_factor.where(self.request))
        messages.success(self.request, "密码已修改。")
        target = _next(self.request, "")
        return redirect(target) if target else response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["expired"] = bool(self.request.session.get(passwords.EXPIRED_SESSION_KEY))
        ctx["next"] = _next(self.request, "")
        return ctx


@login_required
def reset(request):
    """安全管理员: reset another account's 2FA after checking who is asking (lost phone)."""
    if not policy.is_security_admin(request.user):
        return forbidden(request, PermissionDenied("只有安全管理员可以重置双因素认证。"))
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["username"]
        try:
            second_factor.reset(user, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            messages.success(request, f"已重置 {user.get_username()} 的双因素认证，该用户下次登录时重新绑定身份验证器。")
            return redirect("security:reset")
    return render(request, "security/reset.html", {"form": form})
