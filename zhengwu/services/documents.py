"""Word versions of the 办事指南 and the 一次告知单 (A4, 仿宋 body per GB/T 9704-2012, via zhengwu.docx_out)."""
from __future__ import annotations

from zhengwu import docx_out
from zhengwu.core.dates import local_date

from . import elements
from .merge import Checklist
from .models import LifeEvent, Service


def _doc(title: str):
    return docx_out.official_document(title)


def _heading(doc, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True


def guide_rows(service: Service) -> list[tuple[str, str]]:
    """The guide's elements in the order citizens read them (also the page's order)."""
    limit = f"承诺{service.promised_limit_workdays}个工作日"
    if service.legal_limit_workdays is not None:
        limit = f"法定{service.legal_limit_workdays}个工作日，{limit}"
    fee = service.fee_display + (f"（依据：{service.fee_basis}）" if service.charges_fee else "")
    return [
        ("办理时限", limit), ("收费", fee), ("办理地点", service.location), ("办理时间", service.hours),
        ("咨询电话", service.consult_phone), ("监督投诉电话", service.complaint_phone),
    ]


def guide_docx(service: Service) -> bytes:
    doc = _doc(f"{service.name}办事指南")
    doc.add_paragraph(f"事项编码：{service.code}　事项类型：{service.get_type_display()}　实施主体：{service.unit.name}")
    doc.add_paragraph(f"网上办理深度：{elements.depth(service.online_depth).name}　"
                      f"版本：第{service.version}版（{local_date(service.updated_at):%Y年%m月%d日}更新）")
    _heading(doc, "一、办理条件")
    doc.add_paragraph(service.conditions or "无特别条件。")
    _heading(doc, "二、申请材料")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "材料名称", "来源渠道", "形式/份数", "说明"), strict=True):
        cell.text = text
    for i, m in enumerate(service.materials.all(), start=1):
        notes = [m.get_necessity_display()]
        notes += ["可容缺受理"] if m.tolerance else []
        notes += ["可告知承诺"] if m.commitment else []
        notes += [m.get_exempt_display()] if m.exempt else []
        row = table.add_row().cells
        for cell, text in zip(row, (str(i), m.name, m.get_source_display(), f"{m.get_form_display()} {m.copies}份",
                                    "、".join(notes)), strict=True):
            cell.text = text
    _heading(doc, "三、办理流程")
    for i, step in enumerate(service.steps, start=1):
        doc.add_paragraph(f"{i}. {step}")
    _heading(doc, "四、时限、收费、地点和电话")
    for label, value in guide_rows(service):
        doc.add_paragraph(f"{label}：{value}")
    _heading(doc, "五、设定依据")
    doc.add_paragraph(service.basis_text or "—")
    for r in service.basis_records.all():
        doc.add_paragraph(r.title)
    if service.result_name:
        doc.add_paragraph(f"办理结果：{service.result_name}")
    return docx_out.to_bytes(doc)


def checklist_docx(event: LifeEvent, checklist: Checklist) -> bytes:
    doc = _doc(f"“{event.name}”一次告知单")
    if checklist.answered:
        doc.add_paragraph("您的情形：" + "；".join(f"{q.text}：{o.text}" for q, o in checklist.answered))
    if event.window:
        doc.add_paragraph(f"统一受理窗口：{event.window}")
    names = {s.code: s.name for s in checklist.services}
    _heading(doc, f"一、需要办理的事项（共{len(checklist.services)}项，按顺序办理）")
    for i, s in enumerate(checklist.services, start=1):
        doc.add_paragraph(f"{i}. {s.name}（{s.unit}，{s.location}，承诺{s.promised_limit_workdays}个工作日）")
    _heading(doc, f"二、需要提交的材料（共{len(checklist.to_submit)}项，每项只交一次）")
    for i, m in enumerate(checklist.to_submit, start=1):
        serves = "、".join(names[c] for c in m.serves)
        doc.add_paragraph(f"{i}. {m.name}（{m.copies}份；用于：{serves}）" + ("，可容缺后补" if m.tolerance else ""))
    _heading(doc, f"三、无需提交的材料（共{len(checklist.skippable)}项）")
    for i, m in enumerate(checklist.skippable, start=1):
        how = "告知承诺" if m.commitment else dict(e_license="电子证照免提交", shared="数据共享免提交").get(m.exempt, "")
        doc.add_paragraph(f"{i}. {m.name}：{how}")
    return docx_out.to_bytes(doc)
