"""Records built through the action functions, exactly as staff would."""
from __future__ import annotations

from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record


def make_record(unit, by=None, title="关于做好2026年春季学期开学工作的通知", categories=(11,), **fields) -> Record:
    return actions.create_record(by=by, unit=unit, title=title, categories=categories, **fields)


def make_published(unit, by=None, title="关于做好2026年春季学期开学工作的通知", categories=(11,), **fields) -> Record:
    """A record that went through the full chain: submit → secrecy review → approvals → published."""
    record = make_record(unit, by=by, title=title, categories=categories, **fields)
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="经审查，不涉及国家秘密。")
    record = actions.approve(record, by=None)
    if record.status == Record.Status.OFFICE_REVIEW:
        record = actions.approve(record, by=None)
    return record
