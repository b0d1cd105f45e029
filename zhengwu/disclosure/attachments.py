"""Attachment checks and text extraction (the text goes to the PII scan and to search).

A .docx or .xlsx is a zip archive: a 1 MB file may hold 400 MB of XML. Before any parser opens one, its
central directory (a few KB, read without decompressing) is checked against ZHENGWU_EXTRACT_MAX_UNCOMPRESSED
(200 MB) and ZHENGWU_EXTRACT_MAX_RATIO (100); the zip reader never inflates a member beyond its declared size,
so the check bounds what the parsers can be made to read. PDF streams are capped by pypdf itself (75 MB per
stream). The text kept is cut at ZHENGWU_EXTRACT_MAX_TEXT (2 MB of UTF-8), and extraction stops there.
"""
from __future__ import annotations

import io
import zipfile

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


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def check_archive(name: str, data: bytes) -> None:
    """Refuse a zip-based file (docx, xlsx) that would inflate beyond the configured size or ratio."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationError(f"无法读取附件“{name}”的内容，文件可能已损坏或与扩展名不符。") from exc
    max_total = _limit("ZHENGWU_EXTRACT_MAX_UNCOMPRESSED", 200 * 1024 * 1024)
    max_ratio = _limit("ZHENGWU_EXTRACT_MAX_RATIO", 100)
    if total > max_total:
        raise ValidationError(f"附件“{name}”解压后达 {total / 1048576:.0f} MB，超过 {max_total / 1048576:.0f} MB 的上限，"
                              "可能是异常文件，请检查后重新生成。")
    if total > max_ratio * max(len(data), 1):
        raise ValidationError(f"附件“{name}”的压缩比异常（解压后为原文件的 {total / max(len(data), 1):.0f} 倍，"
                              f"上限 {max_ratio} 倍），可能是异常文件，请检查后重新生成。")


class _Text:
    """Collects extracted text up to the cap (bytes of UTF-8); `full` tells the caller to stop."""

    def __init__(self, cap: int):
        self.cap, self.size, self.parts = cap, 0, []

    @property
    def full(self) -> bool:
        return self.size >= self.cap

    def add(self, text: str) -> None:
        if not text or self.full:
            return
        encoded = text.encode("utf-8")
        if self.size + len(encoded) + 1 > self.cap:
            text = encoded[: max(self.cap - self.size, 0)].decode("utf-8", "ignore")
            encoded = text.encode("utf-8")
        self.parts.append(text)
        self.size += len(encoded) + 1

    def __str__(self) -> str:
        return "\n".join(self.parts)


def cap_text(text: str) -> str:
    out = _Text(_limit("ZHENGWU_EXTRACT_MAX_TEXT", 2 * 1024 * 1024))
    out.add(text)
    return str(out)


def extract_text(name: str, data: bytes) -> str:  # noqa: C901 - one branch per file format and its size caps
    """Text of a docx/pdf/xlsx/txt attachment; "" for images. Raises ValidationError on an unreadable file
    or an archive that inflates beyond the limits."""
    ext = extension_of(name)
    out = _Text(_limit("ZHENGWU_EXTRACT_MAX_TEXT", 2 * 1024 * 1024))
    if ext in ("docx", "xlsx"):
        check_archive(name, data)
    try:
        if ext == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            for p in document.paragraphs:
                out.add(p.text)
                if out.full:
                    return str(out)
            for table in document.tables:
                for row in table.rows:
                    out.add("\t".join(cell.text for cell in row.cells))
                    if out.full:
                        return str(out)
            return str(out)
        if ext == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            for page in reader.pages:
                out.add(page.extract_text() or "")
                if out.full:
                    break
            return str(out)
        if ext == "xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in workbook.worksheets:
                    for row in sheet.iter_rows(values_only=True):
                        out.add("\t".join(str(c) for c in row if c is not None))
                        if out.full:
                            return str(out)
            finally:
                workbook.close()
            return str(out)
        if ext == "txt":
            for encoding in ("utf-8", "gb18030"):
                try:
                    return cap_text(data.decode(encoding))
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
