"""Navigation flags for `staff/base.html`, so every app's staff page gets the same menu without view help."""
from django import template

from zhengwu.org import access
from zhengwu.org.models import SEPARATED_ADMIN_ROLES, Role
from zhengwu.workbench import nav

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff": False}
    roles = {r for _, r in access.roles_of(user)}
    business = bool(roles - set(SEPARATED_ADMIN_ROLES)) or access.is_office_admin(user)
    return {
        "staff": access.is_staff_member(user),
        "office_admin": access.is_office_admin(user),
        # 三员分立: an administrator without a business role sees only their own pages in the menu.
        "business": business,
        "sysadmin": access.is_sysadmin(user),
        "security_admin": access.is_security_admin(user),
        "audit_reader": access.can_read_audit_log(user),
        "leader_only": roles == {Role.LEADER} and not access.is_office_admin(user),
        "role_names": sorted({Role(r).label for r in roles}),
        "name": user.get_full_name() or user.get_username(),
        "links": nav.links() if business else [],
    }


@register.filter
def pii_masked(value):
    """Lists show titles with personal numbers masked (staff open the edit form to see the original)."""
    from zhengwu import pii

    return pii.mask_text(str(value)) if value else value
