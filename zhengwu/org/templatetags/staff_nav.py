"""Navigation flags for `staff/base.html`, so every app's staff page gets the same menu without view help."""
from django import template
from django.urls import NoReverseMatch, reverse

from zhengwu.org import access
from zhengwu.org.models import Role

register = template.Library()


# Other apps' staff entry points, shown when their URL exists (apps land independently).
OTHER_LINKS = [
    ("依申请公开", ["applications_staff:index", "applications_staff:list", "applications_staff:dashboard"]),
    ("年度报告", ["reports:dashboard"]),
    ("统计", ["reports:statistics"]),
    ("搜索与问答", ["search_staff:dashboard"]),
    ("工作日历", ["workdays:index"]),
]


def _other_links() -> list[tuple[str, str]]:
    links = []
    for label, names in OTHER_LINKS:
        for name in names:
            try:
                links.append((label, reverse(name)))
                break
            except NoReverseMatch:
                continue
    return links


@register.simple_tag(takes_context=True)
def staff_nav(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff": False}
    roles = {r for _, r in access.roles_of(user)}
    return {
        "staff": access.is_staff_member(user),
        "office_admin": access.is_office_admin(user),
        "leader_only": roles == {Role.LEADER} and not access.is_office_admin(user),
        "role_names": sorted({Role(r).label for r in roles}),
        "name": user.get_full_name() or user.get_username(),
        "links": _other_links(),
    }


@register.filter
def pii_masked(value):
    """Lists show titles with personal numbers masked (staff open the edit form to see the original)."""
    from zhengwu import pii

    return pii.mask_text(str(value)) if value else value
