"""Staff pages for units (公开办管理员: the list and each unit's 条例第二十条第（二）项 public information) and for
accounts and roles (系统管理员, 三员分立).

Views only read and call action functions; who may see what is decided in zhengwu.org.access.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhengwu.audit import labels
from zhengwu.audit.models import AuditEvent
from zhengwu.core.forms import errors_to_form

from . import actions as org_actions
from .decorators import office_admin_required, sysadmin_required
from .forms import AccountCreateForm, ReasonForm, RoleGrantForm, SiteProfileForm, UnitInfoForm
from .models import Membership, Role, SiteProfile, Unit


@office_admin_required
def unit_list(request):
    units = Unit.objects.select_related("parent").order_by("sort_order", "id")
    return render(request, "staff/unit_list.html", {"units": units})


@office_admin_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitInfoForm.for_unit(unit, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            org_actions.update_unit_info(unit, by=request.user, reason=reason, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已保存“{unit.name}”的公开信息。")
            return redirect("staff:unit_edit", pk=unit.pk)
    history = list(AuditEvent.objects.filter(target_type="org.unit", target_id=str(unit.pk))[:50])
    for event in history:
        event.action_label, event.rows = labels.action_label(event.action), labels.change_rows(event)
    return render(request, "staff/unit_edit.html", {"unit": unit, "form": form, "history": history},
                  status=400 if form.errors else 200)


# --- accounts and roles (系统管理员) -------------------------------------------------------------------------

@sysadmin_required
def account_list(request):
    """Every account with its roles, and the form for a new one."""
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = org_actions.create_account(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已新建账号“{user.username}”，请为其授予角色。")
            return redirect("staff:account", pk=user.pk)
    users = get_user_model().objects.order_by("username").prefetch_related("memberships__unit")
    return render(request, "staff/account_list.html", {"users": users, "form": form},
                  status=400 if form.errors else 200)


def _account_page(request, user, *, form=None, revoke=None, active_form=None, status=200):
    """One account's page; `revoke` is (membership pk, bound form) of a 撤销 that failed, shown in its row, and
    `active_form` a failed 停用/启用, each with the error summary (docs/decisions/1301-form-pattern.md)."""
    memberships = list(user.memberships.select_related("unit").order_by("role"))
    for m in memberships:
        m.form = revoke[1] if revoke and revoke[0] == m.pk else ReasonForm(auto_id=f"revoke-{m.pk}_%s")
    history = list(AuditEvent.objects.filter(target_type="auth.user", target_id=str(user.pk),
                                             action__in=ACCOUNT_ACTIONS)[:50])
    for event in history:
        event.action_label, event.rows = labels.action_label(event.action), labels.change_rows(event)
    failed = next((f for f in (form, revoke and revoke[1], active_form) if f is not None and f.errors), None)
    return render(request, "staff/account_detail.html", {
        "account": user, "memberships": memberships, "history": history,
        "form": form or RoleGrantForm(), "active_form": active_form or ReasonForm(auto_id="active-%s"),
        "failed": failed,
    }, status=status)


@sysadmin_required
def account_detail(request, pk: int):
    """One account: its roles (grant, revoke) and whether it may log in."""
    user = get_object_or_404(get_user_model(), pk=pk)
    form = RoleGrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            org_actions.grant_role(user, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已授予“{dict(Role.choices)[form.cleaned_data['role']]}”。")
            return redirect("staff:account", pk=user.pk)
    return _account_page(request, user, form=form, status=400 if form.errors else 200)


ACCOUNT_ACTIONS = ["user_create", "role_grant", "role_revoke", "user_activate", "user_deactivate"]


@sysadmin_required
@require_POST
def account_revoke(request, pk: int, membership_id: int):
    """撤销 a role; a refusal (撤销自己的系统管理员角色, a reason too long) is the page again at 400 with the summary
    in that role's row; nothing revoked, nothing audited."""
    membership = get_object_or_404(Membership, pk=membership_id, user_id=pk)
    form = ReasonForm(request.POST, auto_id=f"revoke-{membership.pk}_%s")
    if form.is_valid():
        try:
            org_actions.revoke_role(membership, by=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"已撤销“{membership.get_role_display()}”（{membership.unit.name}）。")
            return redirect("staff:account", pk=pk)
    return _account_page(request, membership.user, revoke=(membership.pk, form), status=400)


@sysadmin_required
@require_POST
def account_active(request, pk: int):
    """停用/启用; a refusal (停用自己的账号, a reason too long) is the page again at 400 with the summary; nothing
    changed, nothing audited."""
    user = get_object_or_404(get_user_model(), pk=pk)
    form = ReasonForm(request.POST, auto_id="active-%s")
    active = request.POST.get("active") == "1"
    if form.is_valid():
        try:
            org_actions.set_account_active(user, active=active, by=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"已{'启用' if active else '停用'}账号“{user.username}”。")
            return redirect("staff:account", pk=pk)
    return _account_page(request, user, active_form=form, status=400)


# --- sites (系统管理员) -----------------------------------------------------------------------------------

@sysadmin_required
def site_list(request):
    profiles = SiteProfile.objects.select_related("site", "unit").order_by("unit__sort_order", "pk")
    return render(request, "staff/site_list.html", {"profiles": profiles})


@sysadmin_required
def site_edit(request, pk: int):
    profile = get_object_or_404(SiteProfile.objects.select_related("site", "unit"), pk=pk)
    initial = {f: getattr(profile, f) for f in org_actions.SITE_FIELDS}
    form = SiteProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            org_actions.update_site_profile(profile, by=request.user, reason=reason, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"已保存“{profile.site}”的网站设置。")
            return redirect("staff:sites")
    history = list(AuditEvent.objects.filter(target_type="org.siteprofile", target_id=str(profile.pk))[:50])
    for event in history:
        event.action_label, event.rows = labels.action_label(event.action), labels.change_rows(event)
    return render(request, "staff/site_edit.html", {"profile": profile, "form": form, "history": history},
                  status=400 if form.errors else 200)
