"""When each unit's report on a year is due (条例第四十九条).

县级以上人民政府部门: by 1月31日 of the next year; the county government (本级政府的年度报告, published by its
政府信息公开工作主管部门): by 3月31日. 乡镇 are not named in 第四十九条; they follow the departments' date by
default (setting ZHENGWU_REPORT_DEADLINE_TOWNSHIP, (month, day)).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from . import format2021 as fmt
from .models import AnnualReport

REPORTING_KINDS = (Unit.Kind.GOVERNMENT, Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP)


def deadline(unit: Unit, year: int) -> dt.date:
    if unit.kind == Unit.Kind.GOVERNMENT:
        month, day = getattr(settings, "ZHENGWU_REPORT_DEADLINE_GOVERNMENT", fmt.DEADLINE_GOVERNMENT)
    elif unit.kind == Unit.Kind.TOWNSHIP:
        month, day = getattr(settings, "ZHENGWU_REPORT_DEADLINE_TOWNSHIP", fmt.DEADLINE_DEPARTMENT)
    else:
        month, day = getattr(settings, "ZHENGWU_REPORT_DEADLINE_DEPARTMENT", fmt.DEADLINE_DEPARTMENT)
    return dt.date(year + 1, month, day)


@dataclass
class UnitStatus:
    unit: Unit
    deadline: dt.date
    report: AnnualReport | None
    state: str  # none | draft | review | published
    state_label: str
    published_on: dt.date | None
    overdue: bool  # not published and the deadline has passed
    late: bool  # published after the deadline


def statuses(units, year: int, today: dt.date | None = None) -> list[UnitStatus]:
    today = today or timezone.localdate()
    reports = {r.unit_id: r for r in AnnualReport.objects.filter(year=year, unit__in=units).select_related("record")}
    out = []
    for unit in units:
        report = reports.get(unit.pk)
        record = report.record if report else None
        published_on = None
        if record and record.status == Record.Status.PUBLISHED:
            state, label = "published", "已发布"
            published_on = timezone.localtime(record.published_at).date() if record.published_at else None
        elif record and record.status in (Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW):
            state, label = "review", record.get_status_display()
        elif report:
            state, label = "draft", "编写中"
        else:
            state, label = "none", "未开始"
        due = deadline(unit, year)
        out.append(UnitStatus(unit, due, report, state, label, published_on,
                              overdue=state != "published" and today > due,
                              late=bool(published_on and published_on > due)))
    return out


def reporting_units(user_units) -> list[Unit]:
    return list(user_units.filter(kind__in=REPORTING_KINDS, is_active=True).order_by("sort_order", "id"))
