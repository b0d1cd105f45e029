"""Who may see and handle 依申请公开 cases (条例第四十五条 办理制度; the issue's privacy rule).

- The handling unit's 经办人 / 审核员 / 信息员 and 公开办管理员 see the case and the applicant's identity.
- 经办人 / 审核员 of the unit and 公开办管理员 act on it; only 审核员 (as the 工作机构负责人's delegate) or
  公开办管理员 approve an extension (第三十三条第二款).
- Everyone else (another unit, 领导) sees no case of another unit at all.
"""
from __future__ import annotations

from django.db.models import QuerySet

from zhengwu.org import access
from zhengwu.org.models import Role

VIEW_ROLES = (Role.HANDLER, Role.REVIEWER, Role.EDITOR)
HANDLE_ROLES = (Role.HANDLER, Role.REVIEWER)


def can_view_unit_cases(user, unit) -> bool:
    return access.is_office_admin(user) or access.has_role(user, unit, *VIEW_ROLES)


def can_view(user, application) -> bool:
    return can_view_unit_cases(user, application.unit_id)


def can_see_identity(user, application) -> bool:
    """Applicant identity and contact: the handling unit and 公开办管理员 only."""
    return can_view(user, application)


def can_handle(user, unit) -> bool:
    return access.is_office_admin(user) or access.has_role(user, unit, *HANDLE_ROLES)


def can_approve_extension(user, unit) -> bool:
    return access.is_office_admin(user) or access.has_role(user, unit, Role.REVIEWER)


def can_edit_templates(user) -> bool:
    return access.is_office_admin(user)


def visible_unit_ids(user) -> set[int] | None:
    """None = all units (公开办管理员)."""
    if access.is_office_admin(user):
        return None
    return access.unit_ids_with_role(user, *VIEW_ROLES)


def visible_cases(user) -> QuerySet:
    """Application.objects.visible_to(user), with the unit the pages show."""
    from .models import Application

    return Application.objects.visible_to(user).select_related("unit")
