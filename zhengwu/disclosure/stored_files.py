"""Where uploaded files live on disk, and who may download them.

Files are stored under random names (`attachments/3f/3fa8….docx`): a name in MEDIA_ROOT tells nothing and cannot
be guessed, so the file of a draft, of a record in review or of a withdrawn record cannot be fetched by a link.
The original name stays in the database (`Attachment.name`) and is sent as the download name. MEDIA_ROOT is
never served wholesale; `zhengwu.disclosure.downloads` serves one file after the check below.

条例第十三条/第十五条: what is not (or no longer) disclosed must not reach the public by another path.
"""
from __future__ import annotations

import re
import secrets

from zhengwu.org import access

RANDOM_NAME = re.compile(r"^[a-z]+/[0-9a-f]{2}/[0-9a-f]{32}(\.[a-z0-9]{1,8})?$")


def _random_name(folder: str, filename: str) -> str:
    token = secrets.token_hex(16)
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    ext = ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else ""
    return f"{folder}/{token[:2]}/{token}{'.' + ext if ext else ''}"


def attachment_path(instance, filename: str) -> str:
    """upload_to for Attachment.file: a random name keeping only the (lower-case) extension."""
    return _random_name("attachments", filename)


def interpretation_path(instance, filename: str) -> str:
    """upload_to for Interpretation.image."""
    return _random_name("interpretations", filename)


def is_random_name(name: str) -> bool:
    return bool(RANDOM_NAME.match(name or ""))


def staff_may_see(user, unit) -> bool:
    """Staff of the owning unit (信息员, 审核员, 经办人, 领导) and 公开办 see its unpublished files."""
    if not getattr(user, "is_authenticated", False):
        return False
    return access.is_office_admin(user) or access.visible_units(user).filter(pk=unit.pk).exists()


def attachment_is_public(attachment) -> bool:
    from .models import Record

    return attachment.record.status == Record.Status.PUBLISHED


def interpretation_is_public(interp) -> bool:
    from .models import Interpretation, Record

    return interp.status == Interpretation.Status.PUBLISHED and interp.record.status == Record.Status.PUBLISHED


def may_download_attachment(user, attachment) -> bool:
    return attachment_is_public(attachment) or staff_may_see(user, attachment.record.unit)


def may_download_interpretation_image(user, interp) -> bool:
    return interpretation_is_public(interp) or staff_may_see(user, interp.record.unit)
