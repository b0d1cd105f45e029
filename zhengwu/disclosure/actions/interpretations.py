"""政策解读 (同步起草、同步审签、同步发布) and the 审核员's exemption from it."""
from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event

from .. import attachments as attachment_rules
from .. import workflow
from ..models import Interpretation, Record
from ._common import (
    _audit,
    _clean_attachment_name,
    _is_system,
    _locked,
    _require_content_editable,
    clean_title,
    sanitize_html,
    snapshot,
)

INTERPRETATION_IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


def interpretation_image_max_bytes() -> int:
    """Largest 图解 image accepted (setting; a long 一图读懂 is a few MB)."""
    return int(getattr(settings, "ZHENGWU_INTERPRETATION_IMAGE_MAX_BYTES", 10 * 1024 * 1024))


def check_interpretation_image_file(name: str, size: int) -> None:
    """Type and size of a 图解 image, by name and size only (forms call this before reading the file)."""
    ext = attachment_rules.extension_of(name)
    if ext not in INTERPRETATION_IMAGE_FORMATS:
        raise ValidationError({"image": f"图片“{name}”的类型不允许上传。允许的类型：png、jpg、gif、webp。"})
    if size == 0:
        raise ValidationError({"image": f"图片“{name}”是空文件。"})
    limit = interpretation_image_max_bytes()
    if size > limit:
        raise ValidationError({"image": f"图片“{name}”过大（{size / 1048576:.1f} MB），"
                                        f"不能超过 {limit / 1048576:.0f} MB。"})


def _check_interpretation_image(name: str, data: bytes) -> str:
    """Name, type, size and content (Pillow must read it as the format its extension claims)."""
    from PIL import Image

    name = _clean_attachment_name(name)
    check_interpretation_image_file(name, len(data))
    expected = INTERPRETATION_IMAGE_FORMATS[attachment_rules.extension_of(name)]
    try:
        with Image.open(io.BytesIO(data)) as image:
            actual = image.format
            image.verify()
    except Exception as exc:  # broad on purpose: any decoder failure (or a decompression bomb) is a bad image
        raise ValidationError({"image": f"无法读取图片“{name}”，文件可能已损坏或不是图片。"}) from exc
    if actual != expected:
        raise ValidationError({"image": f"图片“{name}”的内容与扩展名不符（实际为 {actual or '未知'} 格式）。"})
    return name


@transaction.atomic
def add_interpretation(record: Record, *, by, form: str, title: str, body: str = "", link: str = "",
                       schedule: bool = True, image_name: str | None = None,
                       image_data: bytes | None = None) -> Interpretation:
    """Attach a 解读; `schedule` makes it publish together with the policy (or at once if already published).

    On a published policy only a 审核员 may add one, since it then goes out without further review.
    A 图文/图解 may carry an image (`image_name` + `image_data`), checked with Pillow before anything is saved.
    """
    record = _locked(record)
    _require_content_editable(record, by)
    if form not in Interpretation.Form.values:
        raise ValidationError({"form": "解读形式应为：文字、图文/图解、视频、H5、访谈或新闻发布会。"})
    title = clean_title(title)
    if form in (Interpretation.Form.VIDEO, Interpretation.Form.H5) and not (link or body):
        raise ValidationError({"link": "视频或 H5 解读请填写链接。"})
    has_image = image_name is not None or image_data is not None
    if has_image:
        if form != Interpretation.Form.GRAPHIC:
            raise ValidationError({"image": "只有“图文/图解”形式的解读可以上传图片。"})
        if not image_name or image_data is None:
            raise ValidationError({"image": "请选择要上传的图片。"})
        image_name = _check_interpretation_image(image_name, image_data)
    status = Interpretation.Status.DRAFT
    published_at = None
    if schedule:
        if record.status == Record.Status.PUBLISHED:
            status, published_at = Interpretation.Status.PUBLISHED, timezone.now()
        else:
            status = Interpretation.Status.SCHEDULED
    interp = Interpretation(record=record, form=form, title=title, body=sanitize_html(body),
                            link=link, status=status, published_at=published_at,
                            created_by=by if not _is_system(by) else None)
    after = {"form": form, "status": status, "record": record.pk}
    if not has_image:
        interp.save(force_insert=True)
        record_event(actor=by, action="interpretation_add", target=interp, unit=record.unit, after=after)
        return interp
    interp.image.save(image_name, ContentFile(image_data), save=False)
    try:
        interp.save(force_insert=True)
        record_event(actor=by, action="interpretation_add", target=interp, unit=record.unit,
                     after={**after, "image": image_name, "size": len(image_data)})
    except Exception:
        interp.image.storage.delete(interp.image.name)
        raise
    return interp


@transaction.atomic
def exempt_interpretation(record: Record, *, by, reason: str) -> Record:
    """审核员 records why this 行政规范性文件 goes out without two forms of 解读."""
    record = _locked(record)
    workflow.options(record, by).require("exempt")
    if not (reason or "").strip():
        raise ValidationError("请填写免于解读的理由。")
    before = snapshot(record)
    record.interpretation_exempt_by = by if not _is_system(by) else None
    record.interpretation_exempt_reason = reason.strip()
    record.save(update_fields=["interpretation_exempt_by", "interpretation_exempt_reason", "updated_at"])
    _audit(record, by, "interpretation_exempt", before, reason=reason)
    return record
