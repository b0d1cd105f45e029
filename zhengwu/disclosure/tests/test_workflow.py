"""disclosure.workflow: one rule per action for the buttons and for the refusals."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.core.workflow import PERMISSION
from zhengwu.disclosure import actions, workflow
from zhengwu.disclosure.publication import SECRECY
from zhengwu.disclosure.tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_draft_offers_editing_and_submission_to_its_editor_only(county):
    record = make_record(county.department, by=county.editor)
    offered = workflow.offered(workflow.options(record, county.editor))
    assert offered["edit"] and offered["submit"] and offered["delete"]
    assert not offered["approve"] and not offered["unpublish"] and not offered["override"]
    other = workflow.options(record, county.other_editor)
    assert other.blocked_by("submit", PERMISSION)
    with pytest.raises(PermissionDenied, match="没有提交该信息的权限"):
        actions.submit(record, by=county.other_editor)


def test_unit_review_skips_the_secrecy_blocker_only_when_the_office_reviews_next(county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    record.refresh_from_db()
    opts = workflow.options(record, county.reviewer)
    if actions.requires_office_review(record):
        assert not opts.blocked_by("approve", SECRECY)
        assert opts.blocked_by("publish", SECRECY) or opts.blocked_by("publish", PERMISSION)
    else:
        assert opts.blocked_by("approve", SECRECY)
    assert workflow.offered(opts)["approve"]


def test_published_record_edit_and_state_blockers(county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=None)
    actions.record_secrecy_review(record, by=None, opinion="不涉密。")
    record = actions.approve(record, by=None)
    if record.status != record.Status.PUBLISHED:
        record = actions.approve(record, by=None)
    opts = workflow.options(record, county.editor)
    assert opts.blocked_by("edit", PERMISSION) and opts.blocked_by("unpublish", PERMISSION)
    assert workflow.options(record, county.reviewer).can("unpublish")
    with pytest.raises(ValidationError, match="该信息已发布"):
        actions.publish(record, by=None)
    with pytest.raises(ValidationError, match="只能撤下"):
        actions.delete_record(record, by=county.reviewer)


def test_the_publication_checks_run_only_for_approve_and_publish(county, monkeypatch):
    """They cost queries (categories, PII scan, 解读) and every action function asks about one action."""
    from zhengwu.disclosure import publication

    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    record.refresh_from_db()
    calls = []
    real = publication.publication_checks
    monkeypatch.setattr(workflow, "publication_checks", lambda r: calls.append(r.pk) or real(r))
    opts = workflow.options(record, county.reviewer)
    opts.require("secrecy")
    assert opts.can("reject") and calls == []
    assert opts.blocked_by("publish", SECRECY) or opts.blocked_by("publish", PERMISSION)
    opts.blockers("approve")
    assert calls == [record.pk]  # once, shared by approve and publish
