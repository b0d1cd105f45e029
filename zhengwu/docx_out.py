"""Word documents the platform writes (答复告知书, 年度报告, 通报): the 党政机关公文格式 page (GB/T 9704-2012).

- A4 (210 mm × 297 mm); 天头 (top margin) 37 mm, bottom 35 mm, 订口 (left) 28 mm, right 26 mm (GB/T 9704-2012 5.2.1–5.2.2,
  版心 156 mm × 225 mm).
- Body 3号仿宋 (16 pt), title 2号小标宋 (22 pt), centred (7.3.1, 7.2.2). The GB fonts are not on every machine: Word
  and LibreOffice take the first name of ``ZHENGWU_DOCX_BODY_FONTS`` / ``ZHENGWU_DOCX_TITLE_FONTS`` for the east-Asian
  slot and the document's font table names the next one as its alternative (w:altName), so a machine without
  仿宋_GB2312 falls back to 仿宋 rather than to a sans-serif default.
- Page numbers 4号 (14 pt) 半角宋体 Arabic numerals with a dash each side, "— 1 —", in the footer (7.5).
"""
from __future__ import annotations

import io
import itertools

from django.conf import settings

A4_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
BODY_FONTS = ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"]
TITLE_FONTS = ["方正小标宋简体", "华文中宋", "宋体", "Noto Serif CJK SC"]


def body_fonts() -> list[str]:
    return list(getattr(settings, "ZHENGWU_DOCX_BODY_FONTS", BODY_FONTS))


def title_fonts() -> list[str]:
    return list(getattr(settings, "ZHENGWU_DOCX_TITLE_FONTS", TITLE_FONTS))


def _set_fonts(rpr_owner, fonts: list[str]) -> None:
    """Chinese text in the east-Asian slot, Latin digits in the same face (公文 numbers are set in 仿宋 too)."""
    from docx.oxml.ns import qn

    rpr_owner.font.name = fonts[0]
    rpr_owner.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts[0])


def _name_alternatives(doc, chains: list[list[str]]) -> None:
    """Each preferred font's fallback in the font table (w:altName), read by Word and LibreOffice."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for chain in chains:
        for name, alt in itertools.pairwise(chain):
            font = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == name), None)
            if font is None:
                font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:charset w:val="86"/></w:font>')
                table.append(font)
            if font.find(qn("w:altName")) is None:
                font.insert(0, parse_xml(f'<w:altName {nsdecls("w")} w:val="{alt}"/>'))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    field = p.add_run()
    field._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    field._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
    field._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    p.add_run(" —")
    for run in p.runs:
        run.font.size = Pt(PAGE_NUMBER_PT)
        _set_fonts(run, ["宋体"])


def official_document(title: str):
    """A new python-docx Document on the GB/T 9704-2012 page, opening with `title` (2号小标宋, centred)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    style = doc.styles["Normal"]
    _set_fonts(style, body_fonts())
    style.font.size = Pt(BODY_PT)
    _page_numbers(section)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.font.size = Pt(TITLE_PT)
    _set_fonts(run, title_fonts())
    _name_alternatives(doc, [body_fonts(), title_fonts()])
    return doc


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
