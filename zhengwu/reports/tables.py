"""The numbers of tables 二, 三 and 四 and the 信息处理费 of section 六, computed from the platform's data.

Counting rules (see docs/decisions/0701-annual-report-counting.md):
- 三: 本年新收 = received (条例第三十一条 date) within the year; 上年结转 = received before the year and not
  closed before it; 办理结果 = final outcome given (closed_date) within the year; 结转下年度 = received by the
  year's end and not closed by then. Columns by applicant type.
- 二: only documents the unit (for a government, its own organs: the units below it) made — never a 转载 of
  another body's document; a county-level unit makes no 规章 (《立法法》第九十三条: 规章 are made by the
  people's governments of provinces and 设区的市), so that row is 0. 本年制发 = 行政规范性文件 published within the year; 本年废止 = such documents that left force (废止
  or 失效) within the year, dated by the audit log of their validity changes (立改废 or a reviewer's
  change); 现行有效 = published by the year's end and in force (有效 or 已修订, 有效期 not ended) on 31 December.
- 四: appeals filed within the year; result as known at the year's end (尚未审结 while undecided then).
- 六: 信息处理费 paid within the year (件数, 金额 in 元).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from zhengwu.applications import outcomes
from zhengwu.applications.models import Appeal, Application, Fee
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.models import Record

from . import format2021 as fmt
from .models import AdminFigures

IN_FORCE = {Record.Validity.VALID, Record.Validity.AMENDED}
VALIDITY_ACTIONS = ("validity_by_relation", "set_validity")


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _aware(d: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(d.year, d.month, d.day))


# --- table 二 ------------------------------------------------------------------------------------------

@dataclass
class ProactiveFigures:
    documents: dict[str, tuple[int, int, int]]  # kind -> (制发, 废止, 现行有效)
    licensing: int = 0
    penalty: int = 0
    enforcement: int = 0
    fees: Decimal = Decimal("0")

    def block_values(self) -> dict[str, list]:
        """Values per table-二 block, in the format's row order."""
        return {
            "art20_1": [list(self.documents["regulation"]), list(self.documents["normative"])],
            "art20_5": [[self.licensing]],
            "art20_6": [[self.penalty], [self.enforcement]],
            "art20_8": [[self.fees]],
        }


def _validity_timelines(record_ids: list[int]) -> dict[int, list[tuple[dt.datetime, str, str]]]:
    """record id -> [(when, before, after)] validity changes from the audit log, oldest first."""
    events = (AuditEvent.objects.filter(target_type="disclosure.record", action__in=VALIDITY_ACTIONS,
                                        target_id__in=[str(i) for i in record_ids])
              .order_by("created_at", "id").values_list("target_id", "created_at", "before", "after"))
    timelines: dict[int, list] = defaultdict(list)
    for target_id, when, before, after in events:
        old, new = (before or {}).get("validity"), (after or {}).get("validity")
        if old != new and new:
            timelines[int(target_id)].append((when, old, new))
    return timelines


def _validity_at(record: Record, timeline: list, moment: dt.datetime) -> str:
    current = record.validity
    for when, old, new in timeline:
        if when > moment:
            return old or current
        current = new
    return current


def proactive(unit_ids: set[int], year: int) -> ProactiveFigures:
    start, end = year_bounds(year)
    start_at, end_at = _aware(start), _aware(end + dt.timedelta(days=1))
    # 规章 are not counted: a county-level organ makes none (《立法法》第九十三条); those in the 文件库 are 转载.
    docs = list(Record.objects.filter(unit_id__in=unit_ids, kind=Record.Kind.NORMATIVE, reposted=False,
                                      published_at__lt=end_at).public().only(
        "id", "kind", "published_at", "validity", "expiry_date"))
    timelines = _validity_timelines([d.pk for d in docs])
    counts = {"regulation": [0, 0, 0], "normative": [0, 0, 0]}
    for doc in docs:
        row = counts[doc.kind]
        timeline = timelines.get(doc.pk, [])
        if doc.published_at >= start_at:
            row[0] += 1
        if any(start_at <= when < end_at and old in IN_FORCE and new not in IN_FORCE for when, old, new in timeline):
            row[1] += 1
        in_force = _validity_at(doc, timeline, end_at) in IN_FORCE
        if in_force and not (doc.expiry_date and doc.expiry_date < end):
            row[2] += 1
    figures = ProactiveFigures(documents={k: tuple(v) for k, v in counts.items()})
    for fig in AdminFigures.objects.filter(unit_id__in=unit_ids, year=year):
        figures.licensing += fig.licensing
        figures.penalty += fig.penalty
        figures.enforcement += fig.enforcement
        figures.fees += fig.fees
    return figures


# --- table 三 ------------------------------------------------------------------------------------------

@dataclass
class ApplicationsTable:
    columns: list[str]
    rows: list[fmt.ApplicationRow]
    values: dict[str, list[int]]  # row key -> one int per column (总计 last)
    cases: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # row key -> column code -> serials

    def row_values(self, key: str) -> list[int]:
        return self.values[key]


def _column(applicant_type: str) -> int | None:
    codes = [c for c, _ in fmt.APPLICANT_COLUMNS]
    return codes.index(applicant_type) if applicant_type in codes[:-1] else None


def applications(unit_ids: set[int], year: int) -> ApplicationsTable:
    start, end = year_bounds(year)
    rows = fmt.application_rows()
    width = len(fmt.APPLICANT_COLUMNS)
    values = {r.key: [0] * width for r in rows}
    cases: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    qs = Application.objects.filter(unit_id__in=unit_ids).filter(
        Q(received_date__lte=end) | Q(closed_date__gte=start, closed_date__lte=end)
    ).exclude(received_date__lt=start, closed_date__lt=start).values_list(
        "serial", "applicant_type", "received_date", "closed_date", "final_outcome")

    def add(key: str, serial: str, col: int | None):
        if col is None:
            return
        values[key][col] += 1
        cases[key][fmt.APPLICANT_COLUMNS[col][0]].append(serial)

    # Tuples streamed in chunks, not model instances: the table at 100k applications in bounded memory.
    for serial, applicant_type, received, closed, final_outcome in qs.iterator(chunk_size=5000):
        col = _column(applicant_type)
        if received and start <= received <= end:
            add("new", serial, col)
        if received and received < start and (closed is None or closed >= start):
            add("carried_in", serial, col)
        if closed and start <= closed <= end and final_outcome in outcomes.BY_CODE:
            add(final_outcome, serial, col)
            add("results_total", serial, col)
        if received and received <= end and (closed is None or closed > end):
            add("carried_out", serial, col)
    for vals in values.values():
        vals[-1] = sum(vals[:-1])
    return ApplicationsTable(columns=[label for _, label in fmt.APPLICANT_COLUMNS], rows=rows, values=values,
                             cases={k: dict(v) for k, v in cases.items()})


@dataclass
class CaseProblem:
    serial: str
    unit: str
    message: str


def application_problems(unit_ids: set[int], year: int) -> list[CaseProblem]:
    """Applications whose data would make table 三 not add up, each with the reason in Chinese."""
    start, end = year_bounds(year)
    problems = []
    # Seven columns per row, streamed: loading whole Application rows took 7.55 s and most of 615 MB at 100k.
    rows = Application.objects.filter(unit_id__in=unit_ids).filter(
        Q(received_date__lte=end) | Q(closed_date__gte=start, closed_date__lte=end)
    ).exclude(received_date__lt=start, closed_date__lt=start).order_by("received_date", "serial").values_list(
        "serial", "unit__name", "applicant_type", "closed_date", "final_outcome", "status", "received_date")
    for serial, unit_name, applicant_type, closed_date, final_outcome, status, received_date in rows.iterator(
            chunk_size=5000):
        reasons = []
        in_year = closed_date and start <= closed_date <= end
        if _column(applicant_type) is None:
            reasons.append(f"申请人类型“{applicant_type}”不在统计表的列中")
        if closed_date and not final_outcome:
            reasons.append("有答复日期但没有办理结果")
        if final_outcome and final_outcome not in outcomes.BY_CODE:
            reasons.append(f"办理结果“{final_outcome}”不是统计表中的结果")
        if final_outcome and not closed_date:
            reasons.append("有办理结果但没有答复日期")
        if status == "closed" and not closed_date:
            reasons.append("已办结但没有答复日期")
        if in_year and not received_date:
            reasons.append("本年度已答复但没有收到申请日期")
        if received_date and closed_date and closed_date < received_date:
            reasons.append("答复日期早于收到申请日期")
        for reason in reasons:
            problems.append(CaseProblem(serial, unit_name, reason))
    return problems


# --- table 四 ------------------------------------------------------------------------------------------

def appeals(unit_ids: set[int], year: int) -> list[int]:
    """The 15 numbers of table 四 in the format's column order."""
    start, end = year_bounds(year)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, result, decided in Appeal.objects.filter(
        application__unit_id__in=unit_ids, filed_date__gte=start, filed_date__lte=end
    ).values_list("kind", "result", "decided_date"):
        if result != Appeal.Result.PENDING and decided and decided > end:
            result = Appeal.Result.PENDING
        counts[(kind, result)] += 1
        counts[(kind, "total")] += 1
    return [counts[(kind, result)] for kind, result, _ in fmt.appeal_columns()]


# --- section 六 ----------------------------------------------------------------------------------------

def fees_collected(unit_ids: set[int], year: int) -> tuple[int, Decimal]:
    """信息处理费 actually paid within the year: (件数, 金额 in 元)."""
    start, end = year_bounds(year)
    qs = Fee.objects.filter(application__unit_id__in=unit_ids, status=Fee.FeeStatus.PAID,
                            paid_date__gte=start, paid_date__lte=end)
    amounts = list(qs.values_list("amount", flat=True))
    return len(amounts), sum(amounts, Decimal("0"))
