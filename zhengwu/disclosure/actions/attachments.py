"""附件: add, replace and remove files on a record, with the type/size/PII checks (条例第十五条)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from zhengwu import pii
from zhengwu.audit.log import record_event

from .. import attachments as attachment_rules
from ..models import Attachment, Record
from ..publication import pii_message
from ._common import _clean_attachment_name, _delete_files_on_commit, _locked, _require_content_editable


@transaction.atomic
def add_attachment(record: Record, *, by, name: str, data: bytes) -> Attachment:
    record = _locked(record)
    _require_content_editable(record, by)
    name = _clean_attachment_name(name)
    attachment_rules.check(name, len(data))
    text = attachment_rules.extract_text(name, data)
    _refuse_new_pii(record, name, text)
    attachment = Attachment(record=record, name=name, size=len(data), text=text,
                            content_type=attachment_rules.extension_of(name))
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    record.pii_override_by, record.pii_override_reason = None, ""
    record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
    record_event(actor=by, action="attachment_add", target=record, after={"attachment": name, "size": len(data)},
                 unit=record.unit)
    return attachment


def _locked_attachment(attachment: Attachment) -> tuple[Record, Attachment]:
    record = Record.objects.select_for_update().get(pk=attachment.record_id)
    try:
        return record, record.attachments.get(pk=attachment.pk)
    except Attachment.DoesNotExist as exc:
        raise ValidationError("该附件不存在或已被删除。") from exc


def _refuse_new_pii(record: Record, name: str, text: str) -> None:
    """No review follows a file added to or replaced on a published record: the file itself must be
    de-identified (条例第十五条: 个人隐私 is not disclosed without consent)."""
    if record.status == Record.Status.PUBLISHED:
        findings = [(f"附件“{name}”", f) for f in pii.scan(text)]
        if findings:
            raise ValidationError(pii_message(findings))


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by, reason: str) -> None:
    """删除附件, e.g. a file that holds personal data which 去标识化 cannot rewrite (PDF, scans).

    The file leaves the disk only after the deletion commits.
    """
    record, attachment = _locked_attachment(attachment)
    _require_content_editable(record, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写删除附件的理由。")
    before = {"attachment": attachment.name, "size": attachment.size}
    stored = (attachment.file.storage, attachment.file.name)
    attachment.delete()
    record.save(update_fields=["updated_at"])
    record_event(actor=by, action="attachment_remove", target=record, before=before, unit=record.unit,
                 reason=reason)
    _delete_files_on_commit([stored])


@transaction.atomic
def replace_attachment(attachment: Attachment, *, by, name: str, data: bytes) -> Attachment:
    """替换附件: the same checks and text extraction as add_attachment; an earlier PII override is cleared.

    A file that fails a check changes nothing: the old file and its row stay as they were. On a published
    record the new file itself may not bring in unmasked personal numbers, since no review follows; what
    an earlier override let through elsewhere shows up again for the 审核员 to look at.
    """
    record, attachment = _locked_attachment(attachment)
    _require_content_editable(record, by)
    name = _clean_attachment_name(name)
    attachment_rules.check(name, len(data))
    text = attachment_rules.extract_text(name, data)
    _refuse_new_pii(record, name, text)
    before = {"attachment": attachment.name, "size": attachment.size}
    old = (attachment.file.storage, attachment.file.name)
    attachment.name, attachment.size, attachment.text = name, len(data), text
    attachment.content_type = attachment_rules.extension_of(name)
    attachment.file.save(name, ContentFile(data), save=False)
    try:
        attachment.save()
        record.pii_override_by, record.pii_override_reason = None, ""
        record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
        record_event(actor=by, action="attachment_replace", target=record, before=before,
                     after={"attachment": name, "size": len(data)}, unit=record.unit)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    _delete_files_on_commit([old])
    return attachment
