"""Text extraction refuses zip bombs and caps the stored text, in bounded memory."""
from __future__ import annotations

import io
import tracemalloc
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError

from zhengwu.disclosure import actions, attachments
from zhengwu.disclosure.models import Attachment
from zhengwu.disclosure.tests.factories import make_record

pytestmark = pytest.mark.django_db


def docx_bomb(xml_megabytes: int) -> bytes:
    """A real .docx whose document.xml is padded with `xml_megabytes` MB of one repeated paragraph."""
    base = io.BytesIO()
    docx.Document().save(base)
    out = io.BytesIO()
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
                continue
            head, tail = src.read(info.filename).split(b"<w:body>", 1)
            with dst.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                for _ in range(xml_megabytes * 1024):
                    member.write(paragraph)
                member.write(tail)
    return out.getvalue()


def test_zip_bomb_docx_is_refused_quickly_in_bounded_memory(county):
    bomb = docx_bomb(400)
    assert len(bomb) < 2 * 1024 * 1024
    record = make_record(county.department, by=county.editor)
    tracemalloc.start()
    with pytest.raises(ValidationError) as exc:
        actions.add_attachment(record, by=county.editor, name="炸弹.docx", data=bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "超过 200 MB" in exc.value.messages[0]
    assert not Attachment.objects.exists()
    assert peak < 20 * 1024 * 1024  # the unchecked parser took 2.4 GB on this file


def test_high_ratio_below_the_size_limit_is_refused(settings):
    bomb = docx_bomb(30)
    with pytest.raises(ValidationError) as exc:
        attachments.extract_text("名单.docx", bomb)
    assert "压缩比异常" in exc.value.messages[0]
    settings.ZHENGWU_EXTRACT_MAX_RATIO = 100_000
    settings.ZHENGWU_EXTRACT_MAX_TEXT = 1024 * 1024
    text = attachments.extract_text("名单.docx", bomb)
    assert 1024 * 1024 - 1100 < len(text.encode()) <= 1024 * 1024


def test_stored_text_is_capped(county, settings):
    settings.ZHENGWU_EXTRACT_MAX_TEXT = 1000
    record = make_record(county.department, by=county.editor)
    attachment = actions.add_attachment(record, by=county.editor, name="长文.txt", data=("公开" * 5000).encode())
    assert len(attachment.text.encode()) <= 1000 and attachment.text.startswith("公开公开")


def test_not_a_zip_is_unreadable():
    with pytest.raises(ValidationError) as exc:
        attachments.extract_text("假的.xlsx", b"not a zip at all")
    assert "无法读取附件" in exc.value.messages[0]
