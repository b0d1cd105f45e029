"""The review chain: 提交 → 单位审核 (保密审查) → 公开办审核 → 发布, 撤回/退回/撤下, and the PII decisions."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event
from zhengwu.org import access

from .. import index_number
from ..models import Interpretation, Record, ReviewDecision
from ..publication import pii_findings, publication_blockers, requires_office_review
from ._common import _audit, _is_system, _require, _require_content_editable, snapshot
from .validity import _apply_relation


def _transition(record: Record, by, to: str, action: str, *, stage=None, decision=None, comment="") -> Record:
    before = snapshot(record)
    record.status = to
    record.save(update_fields=["status", "updated_at"])
    if stage:
        ReviewDecision.objects.create(record=record, stage=stage, decision=decision,
                                      by=by if not _is_system(by) else None, comment=comment)
    _audit(record, by, action, before, reason=comment)
    return record


@transaction.atomic
def submit(record: Record, *, by) -> Record:
    """草稿 → 待单位审核."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_edit_unit_content(by, record.unit), "您没有提交该信息的权限。")
    if record.status not in (Record.Status.DRAFT, Record.Status.UNPUBLISHED):
        raise ValidationError(f"当前状态为“{record.get_status_display()}”，不能提交审核。")
    if not record.categories.exists():
        raise ValidationError("请至少选择一个条例第二十条公开类别后再提交。")
    return _transition(record, by, Record.Status.UNIT_REVIEW, "submit",
                       stage=ReviewDecision.Stage.SUBMIT, decision=ReviewDecision.Decision.SUBMITTED)


@transaction.atomic
def withdraw(record: Record, *, by) -> Record:
    """撤回: the submitter pulls a record back out of review."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_edit_unit_content(by, record.unit), "您没有撤回该信息的权限。")
    if record.status not in (Record.Status.UNIT_REVIEW, Record.Status.OFFICE_REVIEW):
        raise ValidationError("只有审核中的信息可以撤回。")
    return _transition(record, by, Record.Status.DRAFT, "withdraw")


@transaction.atomic
def record_secrecy_review(record: Record, *, by, opinion: str, passed: bool = True) -> Record:
    """保密审查: recorded by a reviewer; a failed review sends the record back to draft."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以进行保密审查。")
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError("请填写保密审查意见。")
    before = snapshot(record)
    if passed:
        record.secrecy_reviewed_by = by if not _is_system(by) else None
        record.secrecy_reviewed_at = timezone.now()
        record.secrecy_opinion = opinion
        record.save(update_fields=["secrecy_reviewed_by", "secrecy_reviewed_at", "secrecy_opinion", "updated_at"])
    else:
        record.secrecy_reviewed_by, record.secrecy_reviewed_at, record.secrecy_opinion = None, None, opinion
        record.status = Record.Status.DRAFT
        record.save(update_fields=["secrecy_reviewed_by", "secrecy_reviewed_at", "secrecy_opinion", "status",
                                   "updated_at"])
    ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.SECRECY, comment=opinion,
                                  decision=ReviewDecision.Decision.APPROVED if passed else ReviewDecision.Decision.REJECTED,
                                  by=by if not _is_system(by) else None)
    _audit(record, by, "secrecy_review" if passed else "secrecy_review_failed", before, reason=opinion)
    return record


@transaction.atomic
def approve(record: Record, *, by, comment: str = "") -> Record:
    """Approve the current review stage: 单位审核 → 公开办审核 (when the site requires it) → 发布."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.status == Record.Status.UNIT_REVIEW:
        _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有本单位审核员可以审核。")
        if requires_office_review(record):
            problems = [p for p in publication_blockers(record) if "保密审查" not in p]
            if problems:
                raise ValidationError(problems)
            return _transition(record, by, Record.Status.OFFICE_REVIEW, "approve_unit",
                               stage=ReviewDecision.Stage.UNIT, decision=ReviewDecision.Decision.APPROVED,
                               comment=comment)
        ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.UNIT, comment=comment,
                                      decision=ReviewDecision.Decision.APPROVED, by=by if not _is_system(by) else None)
        return _publish(record, by)
    if record.status == Record.Status.OFFICE_REVIEW:
        _require(_is_system(by) or access.can_office_review(by), "只有公开办管理员可以进行公开办审核。")
        ReviewDecision.objects.create(record=record, stage=ReviewDecision.Stage.OFFICE, comment=comment,
                                      decision=ReviewDecision.Decision.APPROVED, by=by if not _is_system(by) else None)
        return _publish(record, by)
    raise ValidationError(f"当前状态为“{record.get_status_display()}”，没有待审核的环节。")


@transaction.atomic
def reject(record: Record, *, by, comment: str) -> Record:
    record = Record.objects.select_for_update().get(pk=record.pk)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回时请填写退回意见。")
    if record.status == Record.Status.UNIT_REVIEW:
        _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有本单位审核员可以审核。")
        stage = ReviewDecision.Stage.UNIT
    elif record.status == Record.Status.OFFICE_REVIEW:
        _require(_is_system(by) or access.can_office_review(by), "只有公开办管理员可以进行公开办审核。")
        stage = ReviewDecision.Stage.OFFICE
    else:
        raise ValidationError("只有审核中的信息可以退回。")
    return _transition(record, by, Record.Status.DRAFT, "reject", stage=stage,
                       decision=ReviewDecision.Decision.REJECTED, comment=comment)


def _publish(record: Record, by) -> Record:
    problems = publication_blockers(record)
    if problems:
        raise ValidationError(problems)
    before = snapshot(record)
    if not record.index_number:
        year = (record.written_date or timezone.localdate()).year
        cls = record.topic.code if record.topic else "A"
        try:
            record.index_number = index_number.issue(code=record.unit.credit_code, cls=cls, year=year)
        except index_number.IndexNumberError as exc:
            raise ValidationError(str(exc)) from exc
    record.status = Record.Status.PUBLISHED
    if not record.published_at:
        record.published_at = timezone.now()
    record.save()
    now = timezone.now()
    # 同步发布: scheduled 解读 go out with the policy.
    for interp in record.interpretations.filter(status=Interpretation.Status.SCHEDULED):
        interp.status, interp.published_at = Interpretation.Status.PUBLISHED, now
        interp.save(update_fields=["status", "published_at"])
        record_event(actor=by, action="interpretation_publish", target=interp, after={"status": interp.status},
                     unit=record.unit)
    _audit(record, by, "publish", before)
    # 立改废: publishing A updates the validity of what A amends or repeals.
    for relation in record.outgoing_relations.select_related("target").filter(applied_at__isnull=True):
        _apply_relation(relation, by)
    return record


@transaction.atomic
def publish(record: Record, *, by) -> Record:
    """Publish directly (公开办管理员, or the system for imports) — the same rules apply."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_office_review(by)
             or (access.can_review_unit(by, record.unit) and not requires_office_review(record)),
             "您没有直接发布该信息的权限。")
    if record.status == Record.Status.PUBLISHED:
        raise ValidationError("该信息已发布。")
    return _publish(record, by)


@transaction.atomic
def unpublish(record: Record, *, by, reason: str) -> Record:
    """撤下 a published record from every site (it stays in the library, audit kept)."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以撤下已发布信息。")
    if record.status != Record.Status.PUBLISHED:
        raise ValidationError("只有已发布的信息可以撤下。")
    if not (reason or "").strip():
        raise ValidationError("请填写撤下理由。")
    return _transition(record, by, Record.Status.UNPUBLISHED, "unpublish", comment=reason.strip())


@transaction.atomic
def override_pii(record: Record, *, by, reason: str) -> Record:
    """审核员 lets personal numbers through (e.g. a published 公示 that must name a licence holder)."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require(_is_system(by) or access.can_review_unit(by, record.unit), "只有审核员可以放行个人信息。")
    if not (reason or "").strip():
        raise ValidationError("请填写放行理由。")
    before = snapshot(record)
    record.pii_override_by = by if not _is_system(by) else None
    record.pii_override_reason = reason.strip()
    record.save(update_fields=["pii_override_by", "pii_override_reason", "updated_at"])
    _audit(record, by, "pii_override", before, reason=reason)
    return record


@transaction.atomic
def mask_pii(record: Record, *, by) -> int:
    """去标识化: mask every personal number in title, summary, body and extracted attachment text.

    Returns how many were masked. The attachment *files* cannot be rewritten in general (PDF); the page
    warns, and a reviewer replaces the file or overrides with a reason.
    """
    record = Record.objects.select_for_update().get(pk=record.pk)
    _require_content_editable(record, by)
    count = len(pii_findings(record))
    before = snapshot(record)
    record.title = pii.mask_text(record.title)
    record.summary = pii.mask_text(record.summary)
    record.body = pii.mask_text(record.body)
    record.save(update_fields=["title", "summary", "body", "updated_at"])
    for att in record.attachments.all():
        masked = pii.mask_text(att.text)
        if masked != att.text:
            att.text = masked
            att.save(update_fields=["text"])
    _audit(record, by, "mask_pii", before, reason=f"去标识化 {count} 处")
    return count
