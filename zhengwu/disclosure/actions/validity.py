"""有效性 and 立改废: a record that amends or repeals another changes that one's validity when it is published."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu.audit.log import record_event

from .. import workflow
from ..models import Record, RecordRelation
from ._common import _audit, _locked, snapshot

_RELATION_VALIDITY = {RecordRelation.Kind.AMENDS: Record.Validity.AMENDED,
                      RecordRelation.Kind.REPEALS: Record.Validity.REPEALED}


def _apply_relation(relation: RecordRelation, by) -> None:
    target = Record.objects.select_for_update().get(pk=relation.target_id)
    before = snapshot(target)
    relation.target_validity_before = target.validity
    relation.applied_at = timezone.now()
    relation.save(update_fields=["target_validity_before", "applied_at"])
    target.validity = _RELATION_VALIDITY[relation.kind]
    target.save(update_fields=["validity", "updated_at"])
    _audit(target, by, "validity_by_relation", before,
           reason=f"被《{relation.source.title}》{relation.get_kind_display()}")


@transaction.atomic
def add_relation(source: Record, target: Record, *, by, kind: str) -> RecordRelation:
    """A 修改/废止 B. Applied immediately when A is already published, otherwise when A is published."""
    source = Record.objects.select_for_update().get(pk=source.pk)
    target = Record.objects.get(pk=target.pk)
    workflow.options(source, by).require("relation")
    if kind not in RecordRelation.Kind.values:
        raise ValidationError("立改废关系应为“修改”或“废止”。")
    if source.pk == target.pk:
        raise ValidationError("文件不能修改或废止自身。")
    if not target.is_library_document:
        raise ValidationError("立改废关系只用于规章和行政规范性文件。")
    if target.validity == Record.Validity.REPEALED:
        raise ValidationError(f"《{target.title}》已废止，不能再被修改或废止。")
    if RecordRelation.objects.filter(source=target, target=source).exists():
        raise ValidationError("两个文件之间不能互相修改或废止。")
    if RecordRelation.objects.filter(source=source, target=target).exists():
        raise ValidationError("这两个文件之间已有立改废关系。")
    relation = RecordRelation.objects.create(source=source, target=target, kind=kind)
    record_event(actor=by, action="relation_add", target=source, unit=source.unit,
                 after={"relation": kind, "target": target.pk, "target_title": target.title})
    if source.status == Record.Status.PUBLISHED:
        _apply_relation(relation, by)
    return relation


@transaction.atomic
def set_validity(record: Record, *, by, validity: str, reason: str) -> Record:
    record = _locked(record)
    workflow.options(record, by).require("validity")
    if validity not in Record.Validity.values:
        raise ValidationError("有效性不正确。")
    if not (reason or "").strip():
        raise ValidationError("请填写变更有效性的依据。")
    before = snapshot(record)
    record.validity = validity
    record.save(update_fields=["validity", "updated_at"])
    _audit(record, by, "set_validity", before, reason=reason)
    return record
