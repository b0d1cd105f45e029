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
