"""Attachment checks and text extraction (the text goes to the PII scan and to search)."""
from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp"}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check(name: str, size: int) -> None:
    ext = extension_of(name)
    allowed = settings.ZHENGWU_ATTACHMENT_EXTENSIONS
    if ext not in allowed:
        raise ValidationError(f"附件“{name}”的类型不允许上传。允许的类型：{'、'.join(allowed)}。")
    limit = settings.ZHENGWU_ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(f"附件“{name}”过大（{size / 1048576:.1f} MB），单个附件不能超过 {limit / 1048576:.0f} MB。")
    if size == 0:
        raise ValidationError(f"附件“{name}”是空文件。")


def extract_text(name: str, data: bytes) -> str:  # noqa: C901 - one branch per file format
    """Text of a docx/pdf/xlsx/txt attachment; "" for images. Raises ValidationError on an unreadable file."""
    ext = extension_of(name)
    try:
        if ext == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append("\t".join(cell.text for cell in row.cells))
            return "\n".join(p for p in parts if p)
        if ext == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        if ext == "xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            lines = []
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    cells = [str(c) for c in row if c is not None]
                    if cells:
                        lines.append("\t".join(cells))
            workbook.close()
            return "\n".join(lines)
        if ext == "txt":
            for encoding in ("utf-8", "gb18030"):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    continue
            raise ValueError("unknown encoding")
        if ext in IMAGE_EXTENSIONS:
            from PIL import Image

            Image.open(io.BytesIO(data)).verify()
            return ""
        return ""
    except ValidationError:
        raise
    except Exception as exc:  # broad on purpose: any parser failure means the file is unreadable
        raise ValidationError(f"无法读取附件“{name}”的内容，文件可能已损坏或与扩展名不符。") from exc
