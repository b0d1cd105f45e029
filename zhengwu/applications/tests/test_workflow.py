"""applications.workflow: which steps a case offers now, with the refusal the actions raise."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.applications import actions, workflow
from zhengwu.core.workflow import PERMISSION
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

from .factories import applicant, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(county):
    return make_user("jyj_jbr", county.department, Role.HANDLER)


def test_awaiting_receipt_offers_confirmation_and_refuses_the_rest_by_status(county, handler):
    app = actions.submit_online(unit=county.department, data=applicant())
    assert app.received_date is None
    opts = workflow.options(app, handler)
    assert set(workflow.offered(opts)) == {"confirm", "assign", "appeal", "letter"}
    assert opts.blocked_by("correction", workflow.STATUS) and opts.blocked_by("close", workflow.STATUS)


def test_processing_case_and_the_one_time_rules(county, handler):
    app = register(county.department, handler)
    opts = workflow.options(app, handler)
    assert {"correction", "consultation", "extend", "fee", "close"} <= set(workflow.offered(opts))
    assert "confirm" not in workflow.offered(opts) and "correction_received" not in workflow.offered(opts)
    actions.extend(app, by=handler, days=5, reason="需要检索档案", approver=make_user(
        "jyj_shy2", county.department, Role.REVIEWER), approved_date=app.received_date, notice_date=app.received_date)
    app.refresh_from_db()
    opts = workflow.options(app, handler)
    assert "extend" not in workflow.offered(opts)
    with pytest.raises(ValidationError, match="只能一次"):
        opts.require("extend")


def test_another_unit_is_refused_by_permission_and_sees_no_form(county, handler):
    app = register(county.department, handler)
    opts = workflow.options(app, county.other_reviewer)
    assert workflow.offered(opts) == [] and opts.blocked_by("close", PERMISSION)
    with pytest.raises(PermissionDenied):
        actions.assign_handler(app, by=county.other_reviewer, handler=handler)


def test_closed_case_offers_only_appeal_and_letter(county, handler):
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="granted", reply_date=app.received_date)
    app.refresh_from_db()
    assert workflow.offered(workflow.options(app, handler)) == ["appeal", "letter"]
    with pytest.raises(ValidationError, match="一件申请只能有一个办理结果"):
        actions.assign_handler(app, by=handler, handler=handler)
