"""效能监察: 办件 measured against their 事项's 承诺办结时限 on working days (cards.py), as the workbench warning list
and the per-unit monthly 通报 (衡南 政务服务要点 “发挥红黄牌预警纠错功能，推动…压缩承诺时限”).

A month's 通报 counts, per unit: 办件 受理 in the month, 办结 in the month, of those 按时办结 and 超期办结 (红牌),
and the 办件 still open at the month's end (or today, for the running month) with a 黄牌 or 红牌 at that date.
"""
from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from zhengwu import docx_out
from zhengwu.core.dates import local_date

from . import cards
from .models import Case


@dataclass
class Warning:
    case: Case
    card: cards.Card


def warnings(*, today: dt.date, cal, unit_ids: set[int] | None = None) -> list[Warning]:
    """Open 办件 with a 黄牌 or 红牌 today, 红牌 first and the most overdue first."""
    qs = Case.objects.open().select_related("service__unit")
    if unit_ids is not None:
        qs = qs.filter(service__unit_id__in=unit_ids)
    out = []
    for case in qs:
        card = cards.case_card(case, today, cal)
        if card.level:
            out.append(Warning(case, card))
    out.sort(key=lambda w: (w.card.level != "red", -(w.card.used - w.card.limit), w.case.accepted_at))
    return out


@dataclass
class UnitMonth:
    unit: str
    accepted: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    open_yellow: int = 0
    open_red: int = 0
    late_cases: list = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return None if not self.finished else self.on_time / self.finished


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, month_calendar.monthrange(year, month)[1])


def monthly(year: int, month: int, *, today: dt.date, cal, unit_ids: set[int] | None = None) -> list[UnitMonth]:
    first, last = month_bounds(year, month)
    as_of = min(last, today)
    tz = timezone.get_default_timezone()
    lo = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = (Case.objects.filter(accepted_at__lt=hi).filter(Q(finished_at__isnull=True) | Q(finished_at__gte=lo))
          .exclude(status__in=[Case.Status.REJECTED, Case.Status.WITHDRAWN]).select_related("service__unit"))
    if unit_ids is not None:
        qs = qs.filter(service__unit_id__in=unit_ids)
    rows: dict[int, UnitMonth] = {}
    order: dict[int, tuple] = {}
    for case in qs:
        unit = case.service.unit
        row = rows.setdefault(unit.pk, UnitMonth(unit.name))
        order[unit.pk] = (unit.sort_order, unit.pk)
        if case.accepted_at >= lo:
            row.accepted += 1
        promised = case.service.promised_limit_workdays
        if case.finished_at is not None and case.finished_at < hi:
            row.finished += 1
            card = cards.card(case.accepted_at, case.finished_at, promised, as_of, cal)
            if card.level == "red":
                row.late += 1
                row.late_cases.append(Warning(case, card))
            else:
                row.on_time += 1
        else:
            card = cards.card(case.accepted_at, None, promised, as_of, cal)
            row.open_red += card.level == "red"
            row.open_yellow += card.level == "yellow"
            if card.level == "red":
                row.late_cases.append(Warning(case, card))
    return [rows[k] for k in sorted(rows, key=order.get)]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def bulletin_docx(year: int, month: int, rows: list[UnitMonth], *, today: dt.date) -> bytes:
    """The monthly 通报 on the GB/T 9704 A4 page: a summary, the table per unit, and every 红牌 办件 by number."""
    doc = docx_out.official_document(f"示范县政务服务效能监察通报（{year}年{month}月）")
    accepted = sum(r.accepted for r in rows)
    finished = sum(r.finished for r in rows)
    late = sum(r.late for r in rows)
    open_red = sum(r.open_red for r in rows)
    doc.add_paragraph(
        f"{year}年{month}月，全县各进驻单位共受理办件{accepted}件，办结{finished}件，其中超承诺时限办结{late}件，"
        f"按时办结率{_pct(None if not finished else (finished - late) / finished)}；截至"
        f"{min(month_bounds(year, month)[1], today):%Y年%m月%d日}，在办超期（红牌）{open_red}件，"
        f"临近承诺时限（黄牌）{sum(r.open_yellow for r in rows)}件。承诺时限按法定工作日计算（受理当日不计）。")
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    heads = ("单位", "受理", "办结", "按时办结", "超期办结", "在办红牌", "在办黄牌")
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for r in rows:
        for cell, text in zip(table.add_row().cells, (r.unit, r.accepted, r.finished, r.on_time, r.late, r.open_red,
                                                      r.open_yellow), strict=True):
            cell.text = str(text)
    reds = [w for r in rows for w in r.late_cases]
    p = doc.add_paragraph()
    p.add_run("超期办件清单").bold = True
    if not reds:
        doc.add_paragraph("本月无超期办件。")
    for i, w in enumerate(reds, start=1):
        doc.add_paragraph(f"{i}. {w.case.number}　{w.case.service.name}（{w.case.service.unit.name}）　"
                          f"受理于{local_date(w.case.accepted_at):%Y-%m-%d}，承诺{w.card.limit}个工作日，"
                          f"已用{w.card.used}个工作日，超期{w.card.overdue_by}个工作日。")
    doc.add_paragraph("请超期办件所在单位于5个工作日内查明原因、限期整改，并将整改情况报县政务服务管理机构。")
    return docx_out.to_bytes(doc)
