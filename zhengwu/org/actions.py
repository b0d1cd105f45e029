"""Writes to units go through here: permission check, validation, audit — all or nothing.

A unit's 机构职能、负责人、办公地址、办公时间、联系方式 are 条例第二十条第（二）项 content shown publicly,
so every change is audited like a publication.
"""
from __future__ import annotations

import re

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup

from . import access
from .models import SEPARATED_ADMIN_ROLES, Membership, Role, SiteProfile, Unit

# What the 公开办管理员 may edit from the workbench (name/code/hierarchy stay with the system administrator).
PUBLIC_INFO_FIELDS = ["functions", "leader_name", "address", "office_hours", "phone", "email", "postcode",
                      "credit_code"]



def snapshot(unit: Unit) -> dict:
    return {f: getattr(unit, f) for f in PUBLIC_INFO_FIELDS}


@transaction.atomic
def update_unit_info(unit: Unit, *, by, reason: str = "", **fields) -> Unit:
    """Change a unit's public information (公开办管理员 only). Raises ValidationError listing every problem."""
    if by is not None and not access.is_office_admin(by):
        raise PermissionDenied("只有公开办管理员可以修改单位公开信息。")
    unknown = set(fields) - set(PUBLIC_INFO_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    errors: dict[str, list[str]] = {}
    for key, value in fields.items():
        value = (value or "").strip()
        if key == "credit_code":
            value = value.upper()
        if has_markup(value):
            errors.setdefault(key, []).append("不能包含 HTML 标签或脚本，请只填写文字。")
        setattr(unit, key, value)
    if unit.postcode and not re.fullmatch(r"\d{6}", unit.postcode):
        errors.setdefault("postcode", []).append("邮政编码应为6位数字。")
    if unit.credit_code and Unit.objects.filter(credit_code=unit.credit_code).exclude(pk=unit.pk).exists():
        errors.setdefault("credit_code", []).append("该统一社会信用代码已被其他单位使用。")
    try:
        unit.full_clean(exclude=["parent"], validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(m for m in messages if m not in errors.get(key, []))
    if errors:
        raise ValidationError(errors)
    unit.save()
    after = snapshot(unit)
    if after != before:
        record_event(actor=by, action="unit_update", target=unit, before=before, after=after, unit=unit,
                     reason=reason)
    return unit


# --- accounts and roles (系统管理员; 三员分立) ---------------------------------------------------------------

SEPARATION_REFUSAL = ("三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任，且不能兼任业务角色。"
                      "该账号已担任“{held}”，不能再授予“{new}”。")


def _role_label(code: str) -> str:
    return dict(Role.choices).get(code, code)


def _require_sysadmin(by) -> None:
    if by is not None and not access.is_sysadmin(by):
        raise PermissionDenied("只有系统管理员可以管理账号和角色。")


def _separation_conflict(user, role: str) -> str | None:
    """The role `user` already holds that forbids `role` (三员分立), or None."""
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True)) - {role}
    if role in SEPARATED_ADMIN_ROLES:
        return next(iter(sorted(held)), None)
    return next(iter(sorted(held & set(SEPARATED_ADMIN_ROLES))), None)


@transaction.atomic
def grant_role(user, *, role: str, unit: Unit, by, reason: str = "") -> Membership:
    """Give `user` `role` in `unit` (系统管理员 only), refusing what 三员分立 forbids; audited as role_grant."""
    _require_sysadmin(by)
    if role not in Role.values:
        raise ValidationError({"role": "未知角色。"})
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError({"role": f"该账号已在{unit.name}担任“{_role_label(role)}”。"})
    held = _separation_conflict(user, role)
    if held:
        raise ValidationError({"role": SEPARATION_REFUSAL.format(held=_role_label(held), new=_role_label(role))})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, unit=unit, role=role)
    except IntegrityError as exc:  # a concurrent grant won the race; the database constraint holds the line
        raise ValidationError({"role": SEPARATION_REFUSAL.format(held="另一管理员角色", new=_role_label(role))}) from exc
    record_event(actor=by, action="role_grant", target=user, unit=unit, target_type="auth.user",
                 after={"role": role, "unit": unit.pk}, reason=reason)
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, by, reason: str = "") -> None:
    """Take a role away (系统管理员 only); audited as role_revoke."""
    _require_sysadmin(by)
    if by is not None and membership.user_id == by.pk and membership.role == Role.SYSADMIN:
        raise PermissionDenied("不能撤销自己的系统管理员角色，请由另一名系统管理员操作。")
    user, unit, role = membership.user, membership.unit, membership.role
    membership.delete()
    record_event(actor=by, action="role_revoke", target=user, unit=unit, target_type="auth.user",
                 before={"role": role, "unit": unit.pk}, reason=reason)


@transaction.atomic
def create_account(*, by, username: str, full_name: str, password: str):
    """A new staff account with an initial password checked by the password rules; audited as user_create."""
    _require_sysadmin(by)
    User = get_user_model()
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"[A-Za-z0-9_.@+-]{2,150}", username):
        errors["username"] = ["用户名应为2～150位字母、数字或 _ . @ + -。"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["该用户名已被使用。"]
    user = User(username=username, first_name=(full_name or "").strip()[:150])
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    record_event(actor=by, action="user_create", target=user, target_type="auth.user",
                 after={"username": username, "name": user.first_name})
    return user


@transaction.atomic
def set_account_active(user, *, active: bool, by, reason: str = ""):
    """停用/启用 an account (accounts are never deleted: the audit log keeps naming them)."""
    _require_sysadmin(by)
    if by is not None and user.pk == by.pk and not active:
        raise PermissionDenied("不能停用自己的账号。")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_event(actor=by, action="user_activate" if active else "user_deactivate", target=user,
                 target_type="auth.user", before={"is_active": not active}, after={"is_active": active},
                 reason=reason)
    return user


SITE_FIELDS = ["require_office_review", "icp_number", "police_number", "site_code"]


@transaction.atomic
def update_site_profile(profile: SiteProfile, *, by, reason: str = "", **fields) -> SiteProfile:
    """A site's settings (系统管理员): 备案号, 网站标识码, whether its records need 公开办审核; audited as site_update."""
    _require_sysadmin(by)
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    profile = SiteProfile.objects.select_for_update().get(pk=profile.pk)
    before = {f: getattr(profile, f) for f in SITE_FIELDS}
    errors: dict[str, list[str]] = {}
    for key, value in fields.items():
        if key != "require_office_review":
            value = (value or "").strip()
            if has_markup(value):
                errors.setdefault(key, []).append("不能包含 HTML 标签或脚本，请只填写文字。")
        setattr(profile, key, value)
    if profile.site_code and not re.fullmatch(r"[0-9A-Za-z]{1,20}", profile.site_code):
        errors.setdefault("site_code", []).append("网站标识码应为字母和数字（全国政府网站统一分配）。")
    if errors:
        raise ValidationError(errors)
    profile.save()
    after = {f: getattr(profile, f) for f in SITE_FIELDS}
    if after != before:
        record_event(actor=by, action="site_update", target=profile, unit=profile.unit, before=before, after=after,
                     reason=reason)
    return profile
