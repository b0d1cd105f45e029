"""信息员's warning: the columns they are responsible for that will fail 栏目不更新 within a week.

A unit is responsible for the columns of the sites it hosts (SiteProfile) and for county columns that collect its
records by rule (rule_units). Only columns the indicator dates (动态/要闻 two weeks, 通知公告/政策文件 six months)
can go stale; their last update comes from the same listing the public sees.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from zhengwu.portal.models import ColumnPage

from .checks import Checker
from .indicators import BY_CODE


@dataclass
class StaleColumn:
    column: ColumnPage
    site: Site
    last_update: dt.date | None
    stale_on: dt.date

    @property
    def days_left(self) -> int:
        return (self.stale_on - timezone.localdate()).days


def going_stale(unit_ids: set[int], today: dt.date | None = None, within_days: int = 7) -> list[StaleColumn]:
    today = today or timezone.localdate()
    ind = BY_CODE["columns_updated"]
    out = []
    sites = Site.objects.filter(root_page__isnull=False).select_related("profile")
    for site in sites:
        checker = Checker(site, today)
        if checker.root is None:
            continue
        own_site = getattr(site, "profile", None) is not None and site.profile.unit_id in unit_ids
        columns = ColumnPage.objects.descendant_of(checker.root).live()
        if not own_site:
            columns = columns.filter(Q(rule_units__in=unit_ids)).distinct()
        for column in columns.order_by("path"):
            kind = checker._kind_of(column, ind)
            if not kind:
                continue
            days = ind.threshold["news_days" if kind == "news" else "notice_days"]
            last = checker.last_update(column)
            stale_on = (last or today) + dt.timedelta(days=days)
            if last is None or stale_on <= today + dt.timedelta(days=within_days):
                out.append(StaleColumn(column, site, last, stale_on if last else today))
    return sorted(out, key=lambda s: s.stale_on)
