"""事项清单 import and export as .xlsx, in the column layout of the provincial 一体化平台 实施清单 exports
(docs/decisions/1501-service-catalog-xlsx.md): sheet “事项” one row per 事项, sheet “申请材料” one row per material
keyed by 事项编码. Values are written as the platform writes them (行政许可, 是/否, 四级 …).

Import reads every row first; any error (missing 事项编码, 承诺时限 > 法定时限, a 实施主体 that does not exist, …)
is reported per row in Chinese and nothing is saved. A valid file is saved in one transaction.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.org.models import Unit

from . import actions, rules
from .models import Audience, ExerciseLevel, Material, Service, ServiceType, Theme

YES, NO = "是", "否"
DEPTH_WORDS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

SERVICE_COLUMNS: list[tuple[str, str]] = [
    ("code", "事项编码"), ("name", "事项名称"), ("type", "事项类型"), ("audience", "服务对象"), ("theme", "主题分类"),
    ("basis_text", "设定依据"), ("unit", "实施主体"), ("level", "行使层级"), ("conditions", "受理条件"),
    ("process", "办理流程"), ("legal_limit_workdays", "法定办结时限（工作日）"),
    ("promised_limit_workdays", "承诺办结时限（工作日）"), ("charges_fee", "是否收费"), ("fee_standard", "收费标准"),
    ("fee_basis", "收费依据"), ("location", "办理地点"), ("hours", "办理时间"), ("consult_phone", "咨询电话"),
    ("complaint_phone", "监督投诉电话"), ("online_depth", "网上办理深度"), ("online_available", "是否网上可办"),
    ("cross_region", "是否跨域通办"), ("fully_online", "是否全程网办"), ("nearby", "是否就近办"),
    ("result_name", "办理结果名称"),
]
MATERIAL_COLUMNS: list[tuple[str, str]] = [
    ("service_code", "事项编码"), ("order", "序号"), ("name", "材料名称"), ("source", "来源渠道"),
    ("source_detail", "来源说明"), ("form", "材料形式"), ("copies", "份数"), ("necessity", "必要性"),
    ("tolerance", "是否容缺"), ("commitment", "是否告知承诺"), ("exempt", "免提交方式"), ("trust_level", "可信等级"),
]
BOOL_FIELDS = {"charges_fee", "online_available", "cross_region", "fully_online", "nearby", "tolerance", "commitment"}
CHOICES = {
    "type": dict(ServiceType.choices), "audience": dict(Audience.choices), "theme": dict(Theme.choices),
    "level": dict(ExerciseLevel.choices), "source": dict(Material.Source.choices),
    "form": dict(Material.Form.choices), "necessity": dict(Material.Necessity.choices),
    "exempt": dict(Material.Exempt.choices),
}
SERVICE_SHEET, MATERIAL_SHEET = "事项", "申请材料"


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def export_xlsx(services) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = SERVICE_SHEET
    ws.append([h for _, h in SERVICE_COLUMNS])
    wm = wb.create_sheet(MATERIAL_SHEET)
    wm.append([h for _, h in MATERIAL_COLUMNS])
    for sheet in (ws, wm):
        for c in sheet[1]:
            c.font = Font(bold=True)
    for s in services.select_related("unit").prefetch_related("materials"):
        row = []
        for f, _ in SERVICE_COLUMNS:
            v = getattr(s, f) if f != "unit" else s.unit.name
            if f in BOOL_FIELDS:
                v = YES if v else NO
            elif f in CHOICES:
                v = CHOICES[f].get(v, v)
            elif f == "online_depth":
                v = DEPTH_WORDS[v]
            row.append("" if v is None else v)
        ws.append(row)
        for m in s.materials.all():
            mrow = []
            for f, _ in MATERIAL_COLUMNS:
                v = s.code if f == "service_code" else getattr(m, f)
                if f in BOOL_FIELDS:
                    v = YES if v else NO
                elif f in CHOICES:
                    v = CHOICES[f].get(v, v)
                mrow.append(v)
            wm.append(mrow)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class Parsed:
    services: list[tuple[dict, Unit, list[dict]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _reverse(f: str, text: str, where: str, errors: list[str]):  # noqa: C901 - one branch per field type of the catalogue sheet
    if f in BOOL_FIELDS:
        if text in ("", NO, "否", "N", "n", "0", "False", "false"):
            return False
        if text in (YES, "Y", "y", "1", "True", "true"):
            return True
        errors.append(f"{where}：“{text}”应填“是”或“否”。")
        return False
    if f in CHOICES:
        if f == "exempt" and text in ("", "需提交", "无"):
            return ""
        by_label = {label: code for code, label in CHOICES[f].items()}
        if text in by_label:
            return by_label[text]
        if text in CHOICES[f]:
            return text
        if text == "" and f in ("theme", "audience", "level", "form", "necessity", "source"):
            return "" if f == "source" else None
        errors.append(f"{where}：“{text}”不是有效的取值（可选：{'、'.join(v for v in CHOICES[f].values() if v)}）。")
        return None
    if f == "online_depth":
        words = {w: n for n, w in DEPTH_WORDS.items()} | {str(n): n for n in DEPTH_WORDS}
        if text in words:
            return words[text]
        errors.append(f"{where}：网上办理深度应为一级、二级、三级或四级。")
        return None
    if f in ("legal_limit_workdays", "promised_limit_workdays", "copies", "order"):
        if text == "":
            return None
        try:
            n = int(float(text))
        except ValueError:
            errors.append(f"{where}：“{text}”应为整数。")
            return None
        if n < 0:
            errors.append(f"{where}：不能为负数。")
        return n
    return text


def _rows(ws, columns, sheet_name, errors):
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        errors.append(f"“{sheet_name}”表为空。")
        return []
    header = [_cell(h) for h in rows[0]]
    index = {}
    for f, h in columns:
        if h not in header:
            errors.append(f"“{sheet_name}”表缺少“{h}”列。")
        else:
            index[f] = header.index(h)
    if len(index) != len(columns):
        return []
    out = []
    for n, raw in enumerate(rows[1:], start=2):
        if all(_cell(v) == "" for v in raw):
            continue
        out.append((n, {f: _cell(raw[i]) if i < len(raw) else "" for f, i in index.items()}))
    return out


def parse_xlsx(content: bytes) -> Parsed:  # noqa: C901 - one pass over the workbook's sheets and rows
    from openpyxl import load_workbook

    parsed = Parsed()
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # broad on purpose: any unreadable upload is the same user error
        parsed.errors.append("无法读取该文件，请上传 .xlsx 格式的事项清单。")
        return parsed
    for name in (SERVICE_SHEET, MATERIAL_SHEET):
        if name not in wb.sheetnames:
            parsed.errors.append(f"文件中没有“{name}”工作表。")
    if parsed.errors:
        return parsed
    units = {u.name: u for u in Unit.objects.all()} | {u.code: u for u in Unit.objects.all()}
    materials: dict[str, list[tuple[int, dict]]] = {}
    for n, row in _rows(wb[MATERIAL_SHEET], MATERIAL_COLUMNS, MATERIAL_SHEET, parsed.errors):
        where = f"申请材料表第{n}行"
        code = row["service_code"]
        if not code:
            parsed.errors.append(f"{where}：缺少事项编码。")
            continue
        m = {f: _reverse(f, row[f], f"{where}“{h}”", parsed.errors) for f, h in MATERIAL_COLUMNS
             if f != "service_code"}
        materials.setdefault(code, []).append((n, m))
    seen: dict[str, int] = {}
    for n, row in _rows(wb[SERVICE_SHEET], SERVICE_COLUMNS, SERVICE_SHEET, parsed.errors):
        where = f"事项表第{n}行"
        code = row["code"]
        if not code:
            parsed.errors.append(f"{where}：缺少事项编码。")
            continue
        where = f"{where}（{code}）"
        if code in seen:
            parsed.errors.append(f"{where}：事项编码与第{seen[code]}行重复。")
            continue
        seen[code] = n
        unit = units.get(row["unit"])
        if unit is None:
            parsed.errors.append(f"{where}：实施主体“{row['unit']}”不存在，请先在单位管理中添加或核对名称。")
        data = {}
        for f, h in SERVICE_COLUMNS:
            if f == "unit":
                continue
            v = _reverse(f, row[f], f"{where}“{h}”", parsed.errors)
            if v is not None:
                data[f] = v
        data.setdefault("legal_limit_workdays", None)
        mats = [m for _, m in sorted(materials.pop(code, []), key=lambda x: (x[1].get("order") or 0, x[0]))]
        for m in mats:
            m.pop("order", None)
        for msgs in rules.service_errors(data, mats).values():
            parsed.errors.extend(f"{where}：{m}" for m in msgs)
        if unit is not None:
            parsed.services.append((data, unit, mats))
    for code, rows in materials.items():
        parsed.errors.append(f"申请材料表第{rows[0][0]}行：事项编码 {code} 在事项表中不存在。")
    return parsed


@transaction.atomic
def import_xlsx(content: bytes, *, by=None) -> list[Service]:
    """Save every 事项 of the file, or nothing: a ValidationError lists each bad row."""
    parsed = parse_xlsx(content)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    existing = {s.code: s for s in Service.objects.filter(code__in=[d["code"] for d, _, _ in parsed.services])}
    saved = []
    for data, unit, mats in parsed.services:
        saved.append(actions.save_service(by=by, unit=unit, data=data, materials=mats,
                                          service=existing.get(data["code"]), note="导入事项清单"))
    if saved:
        record_event(actor=by, action="services_import", target=saved[0], target_type="services.catalog",
                     after={"service_code": [s.code for s in saved][:50], "service_count": len(saved)})
    return saved
