"""Which actions a user may take on a government information record now, and why not (one place for each rule).

The action functions call ``options(record, by).require(name)`` to refuse; the record page renders the same
Options: a button is offered unless a ``PERMISSION`` or ``STATUS`` blocker refuses it, and any other blocker
(a publication rule, 条例第十五条/第十七条, 同步解读) is shown as the reason the action will be refused.
``user=None`` is the system (importer, demo loader): it passes every permission check, never a legal rule.
"""
from __future__ import annotations

import datetime as dt
import functools

from zhengwu.audit.models import AuditEvent
from zhengwu.core.workflow import PERMISSION, Blocker, Options
from zhengwu.org import access

from .models import Record
from .publication import SECRECY, publication_checks, requires_office_review

STATUS = "status"  # the action does not apply in the record's current state (the button is not offered)
S = Record.Status
IN_REVIEW = (S.UNIT_REVIEW, S.OFFICE_REVIEW)
EDITABLE_STATES = (S.DRAFT, S.UNPUBLISHED)


def _perm(ok: bool, message: str) -> Blocker | None:
    return None if ok else Blocker(PERMISSION, message)


def _state(ok: bool, message: str) -> Blocker | None:
    return None if ok else Blocker(STATUS, message)


def content_blocker(record: Record, user) -> Blocker | None:
    """Who may change a record's content (edit, attachments, 解读, 立改废, 去标识化).

    Published records: only a 审核员 (or 公开办). Otherwise the unit's 信息员 while it is a draft (or taken
    down); once submitted, only a reviewer until the submitter withdraws it.
    """
    if user is None:
        return None
    if record.status == S.PUBLISHED:
        return _perm(access.can_review_unit(user, record.unit), "已发布的信息只能由审核员修改。")
    if not access.can_edit_unit_content(user, record.unit):
        return Blocker(PERMISSION, "您没有修改该信息的权限。")
    return _perm(record.status in EDITABLE_STATES or access.can_review_unit(user, record.unit),
                 "信息已提交审核，请先撤回后再修改。")


def deletion_checks(record: Record) -> list[Blocker]:
    """Why a record may not be deleted (empty = it may).

    Only a draft that never went out may go: once published — or holding a 索引号, which is never reused — it
    belongs to the public record and can only be 撤下 (the audit trail and the number stay).
    """
    if record.index_number or record.published_at or record.status == S.UNPUBLISHED:
        return [Blocker(STATUS, "该信息已发布过或已有索引号，不能删除，只能撤下。")]
    if record.status != S.DRAFT:
        return [Blocker(STATUS, f"当前状态为“{record.get_status_display()}”，只能删除草稿；审核中的信息请先撤回。")]
    if record.pk and AuditEvent.objects.filter(target_type="disclosure.record", target_id=str(record.pk),
                                               action="publish").exists():
        return [Blocker("published_before", "该信息已发布过，不能删除，只能撤下。")]
    if record.pk and record.incoming_relations.exists():
        titles = "、".join(f"《{r.source.title}》" for r in record.incoming_relations.select_related("source")[:3])
        return [Blocker("relations", f"{titles}已登记修改或废止本文件，不能删除。")]
    return []


def _review_stage(record: Record, user, system: bool, review: bool) -> tuple[Blocker | None, bool]:
    """The permission for the current review stage, and whether it is the 公开办's stage."""
    if record.status == S.UNIT_REVIEW:
        return _perm(system or review, "只有本单位审核员可以审核。"), False
    return _perm(system or access.can_office_review(user), "只有公开办管理员可以进行公开办审核。"), True


def options(record: Record, user, today: dt.date | None = None) -> Options:
    """Every action on ``record`` for ``user`` with the blockers that refuse it now."""
    system = user is None
    edit = system or access.can_edit_unit_content(user, record.unit)
    review = system or access.can_review_unit(user, record.unit)
    office = system or access.can_office_review(user)
    content = content_blocker(record, user)
    opts = Options()
    for name in ("edit", "attach", "interpretation", "mask"):
        opts.add(name, content)
    opts.add("relation", content, _state(record.is_library_document, "立改废关系只用于规章和行政规范性文件。"))

    submit_state = _state(record.status in EDITABLE_STATES, f"当前状态为“{record.get_status_display()}”，不能提交审核。")
    opts.add("submit", _perm(edit, "您没有提交该信息的权限。"), submit_state,
             later=None if submit_state else lambda: () if record.categories.exists()
             else (Blocker("categories", "请至少选择一个条例第二十条公开类别后再提交。"),))
    opts.add("withdraw", _perm(edit, "您没有撤回该信息的权限。"),
             _state(record.status in IN_REVIEW, "只有审核中的信息可以撤回。"))
    # A reviewer records 保密审查 while the record is in review; the importer records it for documents that
    # were already public elsewhere, whatever their state here.
    opts.add("secrecy", _perm(review, "只有审核员可以进行保密审查。"),
             None if system else _state(record.status in IN_REVIEW, "只有审核中的信息可以进行保密审查。"))

    published = record.status == S.PUBLISHED
    # The publication checks cost queries (categories, PII scan, 解读): computed once, and only if approve or
    # publish is asked about.
    checks = functools.cache(lambda: [] if published else publication_checks(record))
    if record.status in IN_REVIEW:
        stage_perm, office_stage = _review_stage(record, user, system, review)
        unit_before_office = not office_stage and requires_office_review(record)

        def stage_checks():
            # 单位审核 before the 公开办's: 保密审查 is the 公开办 stage's to check.
            return [b for b in checks() if not (unit_before_office and b.code == SECRECY)]

        opts.add("approve", stage_perm, later=stage_checks)
        opts.add("reject", stage_perm)
    else:
        opts.add("approve", Blocker(STATUS, f"当前状态为“{record.get_status_display()}”，没有待审核的环节。"))
        opts.add("reject", Blocker(STATUS, "只有审核中的信息可以退回。"))

    opts.add("publish", _perm(office or (review and not requires_office_review(record)), "您没有直接发布该信息的权限。"),
             *([Blocker(STATUS, "该信息已发布。")] if published else ()), later=None if published else checks)
    opts.add("unpublish", _perm(review, "只有审核员可以撤下已发布信息。"),
             _state(published, "只有已发布的信息可以撤下。"))
    opts.add("validity", _perm(review, "只有审核员可以变更有效性。"))
    opts.add("exempt", _perm(review, "只有审核员可以登记免于解读。"),
             _state(record.kind == Record.Kind.NORMATIVE, "只有行政规范性文件需要登记免于解读。"),
             _state(not record.interpretation_exempt_reason, "已登记免于解读的理由。"))
    opts.add("override", _perm(review, "只有审核员可以放行个人信息。"))
    opts.add("delete", _perm(edit, "您没有删除该信息的权限。"), *deletion_checks(record))
    return opts


def offered(opts: Options) -> dict[str, bool]:
    """Which buttons the record page shows: those not refused by permission or by the record's state."""
    return {name: not any(b.code in (PERMISSION, STATUS) for b in blockers)
            for name, blockers in opts.actions.items()}
