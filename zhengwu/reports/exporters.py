"""The report as HTML, .docx (python-docx), .xlsx (openpyxl) and JSON — all drawn from the same grids."""
from __future__ import annotations

import io
import json

from django.template.loader import render_to_string

from zhengwu import docx_out

from . import grid as grids
from .builders import ReportData


def context(data: ReportData) -> dict:
    return {"title": data.title, "sections": data.sections(), "proactive_grid": data.proactive_grid(),
            "applications_grid": data.applications_grid(), "appeals_grid": data.appeals_grid(), "data": data}


def to_html_fragment(data: ReportData) -> str:
    """The six sections with their tables (the body of the published record)."""
    return render_to_string("reports/_report_body.html", context(data))


def to_html(data: ReportData) -> str:
    return render_to_string("reports/report_document.html", context(data))


def to_json(data: ReportData) -> str:
    return json.dumps(data.to_json(), ensure_ascii=False, indent=2)


def _table_grids(data: ReportData) -> dict[str, grids.Grid]:
    return {"proactive": data.proactive_grid(), "applications": data.applications_grid(),
            "appeals": data.appeals_grid()}


def to_docx(data: ReportData) -> bytes:
    doc = docx_out.official_document(data.title)
    table_grids = _table_grids(data)
    for section in data.sections():
        p = doc.add_paragraph()
        p.add_run(section["title"]).bold = True
        for text in section.get("paragraphs", []):
            doc.add_paragraph(text)
        if section["key"] in table_grids:
            _docx_table(doc, table_grids[section["key"]])
    return docx_out.to_bytes(doc)


def _docx_table(doc, grid: grids.Grid) -> None:
    cells, n_rows, n_cols = grids.layout(grid)
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    for r, c, cell in cells:
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text


def to_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    ws["A1"] = data.title
    ws["A1"].font = Font(bold=True, size=14)
    line = 3
    for section in data.sections():
        ws.cell(row=line, column=1, value=section["title"]).font = Font(bold=True)
        line += 1
        for text in section.get("paragraphs", []):
            ws.cell(row=line, column=1, value=text)
            line += 1
    ws.column_dimensions["A"].width = 100
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet_names = {"proactive": "二、主动公开", "applications": "三、依申请公开", "appeals": "四、复议诉讼"}
    for key, grid in _table_grids(data).items():
        sheet = wb.create_sheet(sheet_names[key])
        cells, _, n_cols = grids.layout(grid)
        for r, c, cell in cells:
            target = sheet.cell(row=r + 1, column=c + 1, value=cell.value if cell.value is not None else cell.text)
            target.alignment = Alignment(wrap_text=True, vertical="center",
                                         horizontal="left" if cell.header else "center")
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + cell.rowspan,
                                  end_column=c + cell.colspan)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    sheet.cell(row=r + 1 + dr, column=c + 1 + dc).border = border
        for col in range(1, n_cols + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 14
        if key == "applications":
            sheet.column_dimensions["A"].width = 20
            sheet.column_dimensions["B"].width = 18
            sheet.column_dimensions["C"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(data: ReportData, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(data).encode("utf-8")
    if fmt == "json":
        return to_json(data).encode("utf-8")
    if fmt == "docx":
        return to_docx(data)
    if fmt == "xlsx":
        return to_xlsx(data)
    raise ValueError(f"不支持的格式：{fmt}（可选 html、docx、xlsx、json）")
