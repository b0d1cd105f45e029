"""The workbench menu: a plain list of every app's staff entry point (a new capability app adds its line here)."""
from __future__ import annotations

from django.urls import reverse

# (label, URL name). Every name must exist: a missing one is a bug, raised as NoReverseMatch on the first page.
LINKS = [
    ("依申请公开", "applications_staff:list"),
    ("互动交流", "interaction_staff:queue"),
    ("政务服务", "services_staff:index"),
    ("年度报告", "reports:dashboard"),
    ("统计", "reports:statistics"),
    ("搜索与问答", "search_staff:dashboard"),
    ("工作日历", "workdays:index"),
    ("督查督办", "supervision_staff:index"),
    ("网站自查", "sitehealth:dashboard"),
]


def links() -> list[tuple[str, str]]:
    return [(label, reverse(name)) for label, name in LINKS]
