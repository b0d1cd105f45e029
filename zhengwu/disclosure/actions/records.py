"""Create, edit and delete government information records (drafts are deleted; published ones only 撤下)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from zhengwu.audit.log import record_event
from zhengwu.org import access
from zhengwu.org.models import Unit

from .. import index_number, workflow
from ..models import Record, Topic
from ..publication import pii_findings, pii_message
from ._common import (
    _audit,
    _categories,
    _clean_fields,
    _delete_files_on_commit,
    _is_system,
    _locked,
    _require,
    _require_content_editable,
    snapshot,
)

EDITABLE = {"title", "kind", "publisher_name", "reposted", "document_number", "topic", "written_date", "effective_date",
            "expiry_date", "validity", "disclosure_mode", "nondisclosure_reason", "summary", "body", "source"}


@transaction.atomic
def create_record(*, by, unit: Unit, title: str, categories: Iterable = (), columns: Iterable = (),
                  index_number_value: str | None = None, published_at: dt.datetime | None = None,
                  lenient_document_number: bool = False, **fields) -> Record:
    """A new draft. `index_number_value` keeps an imported record's own 索引号."""
    if not _is_system(by):
        _require(access.can_edit_unit_content(by, unit), "您没有在该单位发布信息的权限。")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    if isinstance(fields.get("topic"), str):
        fields["topic"] = Topic.objects.filter(name=fields["topic"]).first()
    cleaned = _clean_fields({"title": title, **fields}, lenient_number=lenient_document_number)
    cats = _categories(categories)
    if not cats:
        raise ValidationError({"categories": "请至少选择一个条例第二十条公开类别。"})
    record = Record(unit=unit, created_by=by if not _is_system(by) else None, published_at=published_at, **cleaned)
    if index_number_value:
        try:
            record.index_number = index_number.reserve_imported(index_number_value)
        except index_number.IndexNumberError as exc:
            raise ValidationError({"index_number": str(exc)}) from exc
    record.save()
    record.categories.add(*cats)  # a new record has none yet: add, not set (one query less each)
    if columns:
        record.columns.add(*columns)
    _audit(record, by, "create", None)
    return record


@transaction.atomic
def update_record(record: Record, *, by, categories: Iterable | None = None, columns: Iterable | None = None,
                  **fields) -> Record:
    """Edit a record. Any content change clears an earlier PII override: the reviewer must look again."""
    record = _locked(record)
    _require_content_editable(record, by)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}")
    cleaned = _clean_fields(fields)
    before = snapshot(record)
    content_changed = any(k in cleaned and cleaned[k] != getattr(record, k) for k in ("title", "body", "summary"))
    for key, value in cleaned.items():
        setattr(record, key, value)
    if content_changed:
        record.pii_override_by, record.pii_override_reason = None, ""
    if record.status == Record.Status.PUBLISHED:
        findings = pii_findings(record)
        if findings and not record.pii_override_reason:
            raise ValidationError(pii_message(findings))
    record.save()
    if categories is not None:
        cats = _categories(categories)
        if not cats:
            raise ValidationError({"categories": "请至少选择一个条例第二十条公开类别。"})
        record.categories.set(cats)
    if columns is not None:
        record.columns.set(list(columns))
    _audit(record, by, "update", before)
    return record


def deletion_blocker(record: Record) -> str:
    """Why a record may not be deleted ("" = it may): the first of workflow.deletion_checks."""
    checks = workflow.deletion_checks(record)
    return checks[0].message if checks else ""


@transaction.atomic
def delete_record(record: Record, *, by, reason: str = "") -> None:
    """删除草稿 that was never published (the unit's 信息员/审核员, or 公开办), audited with a snapshot.

    Attachment files and 解读 images leave the disk after the deletion commits.
    """
    record = _locked(record)
    workflow.options(record, by).require("delete")
    before = snapshot(record)
    before["categories"] = sorted(record.categories.values_list("number", flat=True))
    before["attachments"] = [{"name": a.name, "size": a.size} for a in record.attachments.all()]
    before["interpretations"] = [{"form": i.form, "title": i.title} for i in record.interpretations.all()]
    files = [(a.file.storage, a.file.name) for a in record.attachments.all()]
    files += [(i.image.storage, i.image.name) for i in record.interpretations.all() if i.image]
    record_event(actor=by, action="record_delete", target=record, before=before, unit=record.unit,
                 reason=(reason or "").strip())
    record.delete()
    _delete_files_on_commit(files)
