"""The review chain: 提交 → 单位审核 (保密审查) → 公开办审核 → 发布, 撤回/退回/撤下, and the PII decisions."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhengwu import pii
from zhengwu.audit.log import record_event

from .. import index_number, workflow
from ..models import Interpretation, Record, ReviewDecision
from ..publication import pii_findings, requires_office_review
from ._common import _audit, _is_system, _locked, _require_content_editable, snapshot
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
    record = _locked(record)
    workflow.options(record, by).require("submit")
    return _transition(record, by, Record.Status.UNIT_REVIEW, "submit",
                       stage=ReviewDecision.Stage.SUBMIT, decision=ReviewDecision.Decision.SUBMITTED)


@transaction.atomic
def withdraw(record: Record, *, by) -> Record:
    """撤回: the submitter pulls a record back out of review."""
    record = _locked(record)
    workflow.options(record, by).require("withdraw")
    return _transition(record, by, Record.Status.DRAFT, "withdraw")


@transaction.atomic
def record_secrecy_review(record: Record, *, by, opinion: str, passed: bool = True) -> Record:
    """保密审查: recorded by a reviewer; a failed review sends the record back to draft."""
    record = _locked(record)
    workflow.options(record, by).require("secrecy")
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
    record = _locked(record)
    workflow.options(record, by).require("approve")
    actor = by if not _is_system(by) else None
    if record.status == Record.Status.UNIT_REVIEW and requires_office_review(record):
        return _transition(record, by, Record.Status.OFFICE_REVIEW, "approve_unit",
                           stage=ReviewDecision.Stage.UNIT, decision=ReviewDecision.Decision.APPROVED,
                           comment=comment)
    stage = ReviewDecision.Stage.UNIT if record.status == Record.Status.UNIT_REVIEW else ReviewDecision.Stage.OFFICE
    ReviewDecision.objects.create(record=record, stage=stage, comment=comment,
                                  decision=ReviewDecision.Decision.APPROVED, by=actor)
    return _publish(record, by)


@transaction.atomic
def reject(record: Record, *, by, comment: str) -> Record:
    record = _locked(record)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("退回时请填写退回意见。")
    workflow.options(record, by).require("reject")
    stage = ReviewDecision.Stage.UNIT if record.status == Record.Status.UNIT_REVIEW else ReviewDecision.Stage.OFFICE
    return _transition(record, by, Record.Status.DRAFT, "reject", stage=stage,
                       decision=ReviewDecision.Decision.REJECTED, comment=comment)


def _publish(record: Record, by) -> Record:
    """Issue the 索引号 and publish; the caller has required the workflow (approve/publish) first."""
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
    # 同步发布: scheduled 解读 go out with the policy, dated as the policy (a back-dated import included).
    for interp in record.interpretations.filter(status=Interpretation.Status.SCHEDULED):
        interp.status, interp.published_at = Interpretation.Status.PUBLISHED, record.published_at
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
    record = _locked(record)
    workflow.options(record, by).require("publish")
    return _publish(record, by)


@transaction.atomic
def unpublish(record: Record, *, by, reason: str) -> Record:
    """撤下 a published record from every site (it stays in the library, audit kept)."""
    record = _locked(record)
    workflow.options(record, by).require("unpublish")
    if not (reason or "").strip():
        raise ValidationError("请填写撤下理由。")
    return _transition(record, by, Record.Status.UNPUBLISHED, "unpublish", comment=reason.strip())


@transaction.atomic
def override_pii(record: Record, *, by, reason: str) -> Record:
    """审核员 lets personal numbers through (e.g. a published 公示 that must name a licence holder)."""
    record = _locked(record)
    workflow.options(record, by).require("override")
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
    record = _locked(record)
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
