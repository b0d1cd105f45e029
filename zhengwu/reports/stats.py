"""Figures for the statistics dashboard: applications per month, outcomes, on-time rate, records per
第二十条 category and per unit — for a unit and everything below it, in one year."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count

from zhengwu.applications import outcomes
from zhengwu.applications.models import Application
from zhengwu.disclosure.categories import ART20_CATEGORIES, item_label
from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from .charts import Chart
from .tables import _aware, year_bounds


def on_time(unit_ids: set[int], year: int) -> tuple[int, int]:
    """(answered on time, answered late) among applications closed within the year that had a due date."""
    start, end = year_bounds(year)
    ok = late = 0
    for closed, due in Application.objects.filter(unit_id__in=unit_ids, closed_date__gte=start, closed_date__lte=end,
                                                  due_date__isnull=False).values_list("closed_date", "due_date"):
        if closed <= due:
            ok += 1
        else:
            late += 1
    return ok, late


def charts(unit: Unit, year: int) -> list[Chart]:
    unit_ids = unit.descendant_ids()
    start, end = year_bounds(year)
    apps = Application.objects.filter(unit_id__in=unit_ids)

    per_month = Counter(d.month for d in apps.filter(received_date__gte=start, received_date__lte=end)
                        .values_list("received_date", flat=True))
    by_outcome = Counter(apps.filter(closed_date__gte=start, closed_date__lte=end).exclude(final_outcome="")
                         .values_list("final_outcome", flat=True))
    groups = Counter()
    for code, n in by_outcome.items():
        if code in outcomes.BY_CODE:
            groups[outcomes.BY_CODE[code].group] += n
    ok, late = on_time(unit_ids, year)

    records = Record.objects.public().filter(unit_id__in=unit_ids,
                                             published_at__gte=_aware(start), published_at__lt=_aware(end + dt.timedelta(days=1)))
    per_category = dict(records.values("categories__number").annotate(n=Count("id", distinct=True))
                        .values_list("categories__number", "n"))
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "id"))
    apps_per_unit = dict(apps.filter(received_date__gte=start, received_date__lte=end).values("unit_id")
                         .annotate(n=Count("id")).values_list("unit_id", "n"))
    records_per_unit = dict(records.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    listed = [u for u in units if apps_per_unit.get(u.pk) or records_per_unit.get(u.pk)] or units[:1]

    return [
        Chart("months", f"{year}年每月收到的政府信息公开申请", [f"{m}月" for m in range(1, 13)],
              [per_month.get(m, 0) for m in range(1, 13)]),
        Chart("outcomes", f"{year}年办理结果", [label for _, label in outcomes.GROUPS],
              [groups.get(code, 0) for code, _ in outcomes.GROUPS]),
        Chart("ontime", f"{year}年按期答复情况（按期率{_rate(ok, late)}）", ["按期答复", "逾期答复"], [ok, late]),
        Chart("categories", f"{year}年主动公开信息（按条例第二十条公开类别）",
              [f"{item_label(n)} {name}" for n, name in ART20_CATEGORIES],
              [per_category.get(n, 0) for n, _ in ART20_CATEGORIES], unit="条"),
        Chart("unit_apps", f"{year}年各单位收到的申请", [u.display_name for u in listed],
              [apps_per_unit.get(u.pk, 0) for u in listed]),
        Chart("unit_records", f"{year}年各单位主动公开信息", [u.display_name for u in listed],
              [records_per_unit.get(u.pk, 0) for u in listed], unit="条"),
    ]


def _rate(ok: int, late: int) -> str:
    return f"{ok * 100 / (ok + late):.1f}%" if ok + late else "—"
