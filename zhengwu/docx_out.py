"""Word documents the platform writes (答复告知书, 年度报告): a body font that Word applies to Chinese text
(the east-Asian font slot, not only the Latin one) and a centred bold title."""
from __future__ import annotations

import io


def titled_document(title: str, *, font: str, east_asia_font: str, size: float, title_size: float):
    """A new python-docx Document whose Normal style uses `font`/`east_asia_font`, opening with `title`."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.element.rPr.rFonts.set(qn("w:eastAsia"), east_asia_font)
    style.font.size = Pt(size)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(title_size)
    return doc


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def a4_gbt9704(doc):
    """A4 page with the GB/T 9704-2012 公文 margins (天头37 mm, 订口28 mm; 版心156 mm × 225 mm)."""
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc
