"""Every generated .docx is on the GB/T 9704-2012 page, read back with python-docx."""
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from zhengwu import docx_out


def check_official_page(data: bytes) -> docx.Document:
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    mm = [round(v.mm, 1) for v in (section.page_width, section.page_height, section.top_margin,
                                   section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]  # stored in twips: within 0.05 mm
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = doc.paragraphs[0].runs[0]
    assert title.font.size == Pt(22) and title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    footer = section.footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    return doc


def test_official_document_page_fonts_and_fallbacks():
    doc = check_official_page(docx_out.to_bytes(docx_out.official_document("测试标题")))
    fonts = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert 'w:name="方正小标宋简体"' in fonts and 'w:altName w:val="华文中宋"' in fonts


@pytest.mark.django_db
def test_reply_letter_and_annual_report_are_on_the_official_page(county):
    from zhengwu.applications import actions, letters
    from zhengwu.applications.tests.factories import register
    from zhengwu.org.models import Role
    from zhengwu.org.tests.factories import make_user

    handler = make_user("jyj_jbr", county.department, Role.HANDLER)
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    letter = letters.issue(app, by=handler, kind="reply", date="2026-03-10")
    check_official_page(letters.to_docx(letter, county.department))
    from zhengwu.reports import builders, exporters

    check_official_page(exporters.to_docx(builders.build(county.government, 2026)))
