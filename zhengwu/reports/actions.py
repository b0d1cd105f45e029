"""Every write of the annual-report app: figures, narrative, xlsx import, publication.

Each checks permissions first, changes nothing on failure (ValidationError / PermissionDenied in Chinese) and
writes the audit log. `by=None` is the system (demo loader). Publication goes through
`zhengwu.disclosure.actions`, so the report passes the same 保密审查 and review chain as any record.
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event
from zhengwu.core.text import has_markup
from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Record
from zhengwu.org import access
from zhengwu.org.models import Unit

from . import builders, exporters
from .models import AdminFigures, AnnualReport

# 第二十条第（十五）项: 条例第四十九条 itself requires the report to be published (docs/decisions/0702).
REPORT_CATEGORY = 15
MIN_YEAR = 2019  # the 2019 条例 (国务院令第711号) took effect on 2019-05-15




def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": "年度应为四位数字。"}) from exc
    if year < MIN_YEAR or year > timezone.localdate().year:
        raise ValidationError({"year": f"年度应在{MIN_YEAR}年至今年之间。"})
    return year


def can_edit(user, unit: Unit) -> bool:
    return user is None or access.can_edit_unit_content(user, unit)


def can_publish(user, unit: Unit) -> bool:
    """Publishing includes 保密审查 and 单位审核: the unit's 审核员 or 公开办管理员."""
    return user is None or access.can_review_unit(user, unit)


# --- figures (table 二, 第二十条第（五）（六）（八）项) -----------------------------------------------------------

FIGURE_FIELDS = ("licensing", "penalty", "enforcement", "fees")
FIGURE_LABELS = {"licensing": "行政许可", "penalty": "行政处罚", "enforcement": "行政强制",
                 "fees": "行政事业性收费（万元）"}


def _clean_figures(values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    out = {}
    for name in FIGURE_FIELDS:
        raw = values.get(name, 0)
        raw = 0 if raw in (None, "") else raw
        label = FIGURE_LABELS[name]
        try:
            if name == "fees":
                number = Decimal(str(raw).strip())
                if number != number.quantize(Decimal("0.0001")):
                    errors.setdefault(name, []).append(f"{label}最多保留四位小数（单位：万元）。")
            else:
                number = Decimal(str(raw).strip())
                if number != number.to_integral_value():
                    raise InvalidOperation
                number = int(number)
        except (InvalidOperation, ValueError):
            errors.setdefault(name, []).append(f"{label}应为{'数字' if name == 'fees' else '整数'}。")
            continue
        if number < 0:
            errors.setdefault(name, []).append(f"{label}不能为负数。")
        out[name] = number
    if errors:
        raise ValidationError(errors)
    return out


def _save_figures(*, by, unit: Unit, year: int, values: dict, note: str, source: str) -> AdminFigures:
    fig = AdminFigures.objects.select_for_update().filter(unit=unit, year=year).first()
    before = {k: getattr(fig, k) for k in FIGURE_FIELDS} if fig else None
    if fig is None:
        fig = AdminFigures(unit=unit, year=year)
    for key, value in values.items():
        setattr(fig, key, value)
    fig.note = (note or "").strip()[:300]
    fig.updated_by = by
    fig.save()
    record_event(actor=by, action="report_figures_set", target=fig, before=before,
                 after={**{k: getattr(fig, k) for k in FIGURE_FIELDS}, "year": year, "source": source}, unit=unit)
    return fig


@transaction.atomic
def set_figures(*, by, unit: Unit, year, note: str = "", **values) -> AdminFigures:
    """Staff enter one unit's 行政许可/处罚/强制 decision counts and 行政事业性收费 (万元) for a year."""
    _require(can_edit(by, unit), "您没有填报该单位年度报告数据的权限。")
    year = _check_year(year)
    unknown = set(values) - set(FIGURE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    return _save_figures(by=by, unit=unit, year=year, values=_clean_figures(values), note=note, source="form")


XLSX_HEADERS = ["单位代号", "单位名称", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）", "说明"]


def figures_template_xlsx(units: list[Unit], year: int) -> bytes:
    """An empty import sheet listing the units, so staff fill numbers in rather than typing names."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "填报数据"
    ws.append(XLSX_HEADERS)
    for unit in units:
        fig = AdminFigures.objects.filter(unit=unit, year=year).first()
        ws.append([unit.code, unit.name, year] + ([fig.licensing, fig.penalty, fig.enforcement, float(fig.fees),
                                                   fig.note] if fig else [0, 0, 0, 0, ""]))
    for col, width in zip("ABCDEFGH", (14, 30, 8, 12, 12, 12, 22, 30), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@transaction.atomic
def import_figures_xlsx(*, by, data: bytes) -> list[AdminFigures]:
    """Import the sheet made by `figures_template_xlsx`. All rows or none: any bad row stops the import and
    every problem is reported with its row number."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-xlsx upload
        raise ValidationError("无法读取该文件，请上传 .xlsx 格式的填报表。") from exc
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    if not rows or [str(c or "").strip() for c in rows[0][:7]] != XLSX_HEADERS[:7]:
        raise ValidationError("表头不正确，应为：" + "、".join(XLSX_HEADERS[:7]) + "。请使用下载的填报模板。")
    errors, parsed, seen = [], [], set()
    units = {u.code: u for u in Unit.objects.all()}
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (8 - len(row))
        if all(c in (None, "") for c in row[:7]):
            continue
        code = str(row[0] or "").strip()
        unit = units.get(code)
        if unit is None:
            errors.append(f"第{number}行：单位代号“{code}”不存在。")
            continue
        if not can_edit(by, unit):
            errors.append(f"第{number}行：您没有填报“{unit.name}”数据的权限。")
            continue
        try:
            year = _check_year(row[2])
            values = _clean_figures(dict(zip(FIGURE_FIELDS, row[3:7], strict=True)))
        except ValidationError as exc:
            errors.append(f"第{number}行：" + "；".join(exc.messages))
            continue
        if (unit.pk, year) in seen:
            errors.append(f"第{number}行：“{unit.name}”{year}年的数据重复出现。")
            continue
        seen.add((unit.pk, year))
        parsed.append((unit, year, values, str(row[7] or "")))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError("表中没有数据行。")
    return [_save_figures(by=by, unit=u, year=y, values=v, note=n, source="xlsx") for u, y, v, n in parsed]


# --- narrative (sections 一, 五, 六) -----------------------------------------------------------------------

def _report_for_update(unit: Unit, year: int) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().filter(unit=unit, year=year).first()
    return report or AnnualReport(unit=unit, year=year)


@transaction.atomic
def save_narrative(*, by, unit: Unit, year, overview: str, problems: str, other_matters: str = "") -> AnnualReport:
    _require(can_edit(by, unit), "您没有编辑该单位年度报告的权限。")
    year = _check_year(year)
    cleaned = {k: (v or "").strip() for k, v in
               (("overview", overview), ("problems", problems), ("other_matters", other_matters))}
    errors = {}
    if not cleaned["overview"]:
        errors["overview"] = ["请填写“一、总体情况”。"]
    if not cleaned["problems"]:
        errors["problems"] = ["请填写“五、存在的主要问题及改进情况”。"]
    for key, text in cleaned.items():
        if has_markup(text):
            errors.setdefault(key, []).append("请只填写文字，不要包含 HTML 标签。")
    if errors:
        raise ValidationError(errors)
    report = _report_for_update(unit, year)
    if report.record_id and report.record.status in (Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW,
                                                     Record.Status.PUBLISHED):
        raise ValidationError("年度报告已提交发布，不能再修改；如需更正，请先在政府信息中撤回或撤下。")
    before = {k: getattr(report, k) for k in cleaned} if report.pk else None
    for key, value in cleaned.items():
        setattr(report, key, value)
    report.updated_by = by
    report.save()
    record_event(actor=by, action="report_narrative_save", target=report, before=before, after=cleaned, unit=unit)
    return report


# --- publication ---------------------------------------------------------------------------------------

def publication_blockers(data: builders.ReportData) -> list[str]:
    problems = [f.message for f in data.failures]
    if not data.narrative.overview.strip() or not data.narrative.problems.strip() or data.narrative.from_year:
        problems.insert(0, "请先填写并保存本年度的“一、总体情况”和“五、存在的主要问题及改进情况”。")
    return problems


@transaction.atomic
def publish_report(*, by, unit: Unit, year, secrecy_opinion: str = "经审查，不涉及国家秘密。",
                   published_at: dt.datetime | None = None) -> Record:
    """Check the report, then put it into the 政府信息公开专栏 as a record of kind annual_report with the .docx
    and .xlsx attached: create → attach → submit → 保密审查 → approve (→ 公开办审核 where the site requires it).

    A report already in review or published is not published again; to correct one, withdraw or 撤下 the
    record first — a new record is then made, the old one stays in the library with its history.
    """
    _require(can_publish(by, unit), "只有本单位审核员或公开办管理员可以发布年度报告。")
    year = _check_year(year)
    if year >= timezone.localdate().year:
        raise ValidationError("只能发布已结束年度的年度报告。")
    report = _report_for_update(unit, year)
    if report.pk is None:
        raise ValidationError("请先填写并保存本年度的“一、总体情况”和“五、存在的主要问题及改进情况”。")
    if report.record_id and report.record.status in (Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW,
                                                     Record.Status.PUBLISHED):
        raise ValidationError(f"该年度报告已{report.record.get_status_display()}，不能重复发布。")
    data = builders.build(unit, year)
    problems = publication_blockers(data)
    if problems:
        raise ValidationError(problems)
    opinion = (secrecy_opinion or "").strip()
    if not opinion:
        raise ValidationError("请填写保密审查意见。")
    record = disclosure.create_record(
        by=by, unit=unit, title=data.title, kind=Record.Kind.ANNUAL_REPORT, categories=[REPORT_CATEGORY],
        written_date=timezone.localtime(published_at).date() if published_at else timezone.localdate(),
        published_at=published_at, body=exporters.to_html_fragment(data),
        summary=f"{unit.name}{year}年政府信息公开工作年度报告（依据《中华人民共和国政府信息公开条例》第四十九条、第五十条"
                "和国办公开办函〔2021〕30号格式编制）。",
    )
    base = f"{unit.name}{year}年政府信息公开工作年度报告"
    disclosure.add_attachment(record, by=by, name=f"{base}.docx", data=exporters.to_docx(data))
    disclosure.add_attachment(record, by=by, name=f"{base}.xlsx", data=exporters.to_xlsx(data))
    record = disclosure.submit(record, by=by)
    record = disclosure.record_secrecy_review(record, by=by, opinion=opinion)
    record = disclosure.approve(record, by=by, comment="年度报告数据经勾稽校验一致。")
    if record.status == Record.Status.OFFICE_REVIEW and (by is None or access.can_office_review(by)):
        record = disclosure.approve(record, by=by, comment="年度报告数据经勾稽校验一致。")
    report.record = record
    report.published_data = data.to_json()
    report.submitted_at = timezone.now()
    report.updated_by = by
    report.save()
    record_event(actor=by, action="report_publish", target=report, unit=unit,
                 after={"record": record.pk, "status": record.status, "year": year})
    return record


def record_export(*, by, unit: Unit, year: int, fmt: str) -> None:
    """A staff download of a unit's annual report (.docx/.xlsx/…), audited like every export."""
    record_event(actor=by, action="report_export", target=unit, unit=unit, after={"year": year, "format": fmt})
