"""Who may see and do what. Every view and action asks here, never decides on its own.

- 公开办管理员: every unit.
- 三员分立 (等保2.0 三级): 系统管理员 (accounts, roles, sites), 安全管理员 (lockouts, sessions) and 审计管理员
  (reads the whole audit log) see no business data at all: none of them counts as 公开办管理员.
- 单位信息员: drafts of their own unit only.
- 单位审核员: reviews (and may edit) their own unit's records.
- 领导: read-only dashboards.
No staff user can see or change another unit's drafts.
"""
from __future__ import annotations

from django.db.models import QuerySet

from .models import SEPARATED_ADMIN_ROLES, Membership, Role, Unit


def roles_of(user) -> set[tuple[int | None, str]]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_zhengwu_roles", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user).values_list("unit_id", "role"))
        user._zhengwu_roles = cache
    return cache


def is_superuser(user) -> bool:
    """Django's superuser: the installation's break-glass account (`zhengwu createsuperuser`), not a daily role."""
    return bool(getattr(user, "is_superuser", False))


def is_sysadmin(user) -> bool:
    """系统管理员: accounts, roles and sites; no business data, no audit log."""
    return is_superuser(user) or any(r == Role.SYSADMIN for _, r in roles_of(user))


def is_security_admin(user) -> bool:
    """安全管理员: login lockouts and active sessions."""
    return is_superuser(user) or any(r == Role.SECURITY_ADMIN for _, r in roles_of(user))


def is_audit_admin(user) -> bool:
    """审计管理员: reads the audit log of every unit, nothing else."""
    return is_superuser(user) or any(r == Role.AUDIT_ADMIN for _, r in roles_of(user))


def separated_admin_roles(user) -> set[str]:
    return {r for _, r in roles_of(user) if r in SEPARATED_ADMIN_ROLES}


def is_office_admin(user) -> bool:
    """公开办管理员: acts on all units (the 三员 do not)."""
    return is_superuser(user) or any(r == Role.OFFICE_ADMIN for _, r in roles_of(user))


def can_read_audit_log(user) -> bool:
    """The whole audit log: 审计管理员, and 公开办管理员 for the business it supervises (decision 1010)."""
    return is_audit_admin(user) or is_office_admin(user)


def has_role(user, unit: Unit | int | None, *roles: str) -> bool:
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return any(u == unit_id and r in roles for u, r in roles_of(user))


def unit_ids_with_role(user, *roles: str) -> set[int]:
    return {u for u, r in roles_of(user) if r in roles and u is not None}


def is_staff_member(user) -> bool:
    return is_office_admin(user) or bool(roles_of(user))


def visible_units(user) -> QuerySet[Unit]:
    """Units whose internal (unpublished) work the user may see."""
    if is_office_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER, Role.HANDLER, Role.LEADER))


def can_edit_unit_content(user, unit) -> bool:
    return is_office_admin(user) or has_role(user, unit, Role.EDITOR, Role.REVIEWER)


def can_review_unit(user, unit) -> bool:
    """单位审核: the unit's 审核员 (公开办管理员 may stand in)."""
    return is_office_admin(user) or has_role(user, unit, Role.REVIEWER)


def can_office_review(user) -> bool:
    return is_office_admin(user)


def is_leader(user) -> bool:
    return any(r == Role.LEADER for _, r in roles_of(user))
