"""季度通报: per unit, how many of its tasks are done, on track, overdue and without a report in the quarter, with
the office's remarks — the "一季度一通报" the 中方 2022 notice promises, as JSON, HTML and an A4 .docx."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from zhengwu.org.models import Unit

from . import tracking
from .models import Plan


@dataclass
class UnitLine:
    unit: Unit
    counts: dict = field(default_factory=lambda: dict.fromkeys(tracking.STATE_LABELS, 0))
    overdue_tasks: list = field(default_factory=list)
    no_report_tasks: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class QuarterReport:
    plan: Plan
    quarter: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    lines: list[UnitLine]
    remarks: list[tuple[str, str]]

    @property
    def title(self) -> str:
        year, q = self.quarter[:4], self.quarter[-1]
        return f"关于{year}年第{'一二三四'[int(q) - 1]}季度《{self.plan.title}》落实情况的通报"

    def totals(self) -> dict:
        out = dict.fromkeys(tracking.STATE_LABELS, 0)
        for line in self.lines:
            for k, v in line.counts.items():
                out[k] += v
        return out

    def as_json(self) -> dict:
        return {"plan": self.plan.title, "quarter": self.quarter, "period": [self.start.isoformat(),
                                                                            self.end.isoformat()],
                "as_of": self.as_of.isoformat(),
                "units": [{"unit": line.unit.name, "unit_id": line.unit.pk, **line.counts,
                           "overdue_tasks": line.overdue_tasks, "no_report_tasks": line.no_report_tasks}
                          for line in self.lines],
                "totals": self.totals(),
                "remarks": [{"task": t, "remarks": r} for t, r in self.remarks]}


def build(plan: Plan, quarter: str, today: dt.date | None = None) -> QuarterReport:
    start, end = tracking.parse_quarter(quarter)
    today = today or timezone.localdate()
    lines: dict[int, UnitLine] = {}
    tasks = list(tracking.tasks_with_units(plan.tasks.all()))
    units = {u.pk: u for t in tasks for u in list(t.lead_units.all()) + list(t.responsible_units.all())}
    for task in tasks:
        for unit_id in tracking.unit_ids_of(task):
            line = lines.setdefault(unit_id, UnitLine(unit=units[unit_id]))
            state = tracking.state_for(task, unit_id, start, end, today)
            line.counts[state.state] += 1
            label = f"{task.number}" if task.number else str(task.order)
            if state.state == tracking.OVERDUE:
                line.overdue_tasks.append(label)
            elif state.state == tracking.NO_REPORT:
                line.no_report_tasks.append(label)
    ordered = sorted(lines.values(), key=lambda ln: (ln.unit.sort_order, ln.unit.pk))
    remarks = [(str(t), t.remarks) for t in tasks if t.remarks]
    return QuarterReport(plan=plan, quarter=quarter.strip().upper(), start=start, end=end, as_of=min(today, end),
                         lines=ordered, remarks=remarks)


def to_html(report: QuarterReport) -> str:
    return render_to_string("supervision/report.html", {"report": report, "labels": tracking.STATE_LABELS,
                                                        "totals": report.totals()})


def to_docx(report: QuarterReport, office_name: str = "政务公开政务服务工作领导小组办公室") -> bytes:
    """GB/T 9704-2012 layout as zhengwu.docx_out sets it: A4, 仿宋 三号 body, centred 小标宋 title."""
    from docx.shared import Pt

    from zhengwu.docx_out import official_document, to_bytes

    doc = official_document(report.title)
    totals = report.totals()
    doc.add_paragraph("各乡镇人民政府，县直机关各单位：")
    doc.add_paragraph(
        f"　　现将{report.start:%Y年%m月%d日}至{report.as_of:%Y年%m月%d日}《{report.plan.title}》落实情况通报如下："
        f"纳入督办的任务共涉及 {len(report.lines)} 个单位，其中已完成 {totals['done']} 项次、正常推进 "
        f"{totals['on_track']} 项次、逾期 {totals['overdue']} 项次、本季度未报送进展 {totals['no_report']} 项次。")
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["单位", "已完成", "正常推进", "逾期", "未报送", "逾期/未报送任务"], strict=True):
        cell.text = text
    for line in report.lines:
        cells = table.add_row().cells
        values = [line.unit.name, line.counts["done"], line.counts["on_track"], line.counts["overdue"],
                  line.counts["no_report"], "、".join(line.overdue_tasks + line.no_report_tasks)]
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)
    if report.remarks:
        doc.add_paragraph("　　公开办意见：")
        for task, remark in report.remarks:
            doc.add_paragraph(f"　　{task}：{remark}")
    doc.add_paragraph("　　请逾期和未报送进展的单位对照任务分工抓紧整改，并于下季度首月10日前报送整改情况。")
    sign = doc.add_paragraph(office_name)
    sign.alignment = 2
    date_p = doc.add_paragraph(f"{report.as_of.year}年{report.as_of.month}月{report.as_of.day}日")
    date_p.alignment = 2
    return to_bytes(doc)


def publish(report: QuarterReport, *, by, unit: Unit):
    """The 通报 as a draft record of ``unit`` (the office) with the .docx attached; it then goes through the
    normal review and publication chain (disclosure.actions), like any other record."""
    from django.db import transaction

    from zhengwu.audit.log import record_event
    from zhengwu.disclosure import actions as disclosure

    with transaction.atomic():
        record = disclosure.create_record(by=by, unit=unit, title=report.title, categories=(15,),
                                          body=to_html(report))
        disclosure.add_attachment(record, by=by, name=f"{report.title}.docx", data=to_docx(report))
        record_event(actor=by, action="supervision_publish_report", target=report.plan, unit=unit,
                     after={"plan_title": report.plan.title, "report_quarter": report.quarter, "report_record": record.pk})
    return record
