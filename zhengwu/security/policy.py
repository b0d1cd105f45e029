"""Who must prove a second factor, and where (等保2.0 三级 身份鉴别: 管理用户采用两种或两种以上组合的鉴别技术).

One place keyed on role codes from a setting (ZHENGWU_SECOND_FACTOR_ROLES), so roles added later — 三员分立's
security_admin and audit_admin — need no code here, only their code in the list.
"""
from __future__ import annotations

from django.conf import settings

from zhengwu.org import access

SECURITY_ADMIN_ROLE = "security_admin"  # 安全管理员 (三员分立; the role itself comes with zhengwu.org)


def second_factor_roles() -> set[str]:
    return set(getattr(settings, "ZHENGWU_SECOND_FACTOR_ROLES", ()))


def requires_second_factor(user) -> bool:
    """The account must use TOTP wherever it logs in: superusers and any role listed in the setting."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    wanted = second_factor_roles()
    return any(role in wanted for _unit, role in access.roles_of(user))


def path_requires_second_factor(path: str) -> bool:
    """/cms/ and /django-admin/ (Wagtail and Django admin can change everything): a second factor for anyone."""
    return path.startswith(tuple(getattr(settings, "ZHENGWU_SECOND_FACTOR_PATHS", ())))


def is_security_admin(user) -> bool:
    """安全管理员 (or a superuser, for installs that have not split the roles yet): may reset another's 2FA."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role == SECURITY_ADMIN_ROLE for _unit, role in access.roles_of(user))
