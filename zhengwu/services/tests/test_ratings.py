import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.audit.labels import unlabelled
from zhengwu.audit.models import AuditEvent
from zhengwu.services import actions, rating_metrics, workflow
from zhengwu.services.models import Rating
from zhengwu.services.tests.factories import make_service
from zhengwu.workdays.calendar import WorkdayCalendar

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def t(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=BJ)


def _case(service, number, accepted, finished=None):
    return actions.import_cases([{"number": number, "service": service, "accepted_at": accepted,
                                  "finished_at": finished, "status": "done" if finished else "open",
                                  "online": False}], by=None)[0]


def _bad(service, by=None, **kw):
    kw.setdefault("reason", "等候时间过长")
    return actions.rate(by=by, target="service", channel="online", service=service, level=1, **kw)


def test_bad_input_is_refused_with_chinese_messages(county):
    s = make_service(county.department)
    other = make_service(county.department)
    with pytest.raises(ValidationError) as exc:
        actions.rate(by=None, target="service", channel="online", service=s, level=2, reason=" ")
    assert exc.value.message_dict == {"reason": ["“不满意”“非常不满意”须填写差评原因。"]}
    with pytest.raises(ValidationError, match="须关联办件编号"):
        actions.rate(by=None, target="case", channel="counter", service=s, level=5)
    case = _case(other, "X1", t(2025, 3, 3), t(2025, 3, 4))
    with pytest.raises(ValidationError, match="不属于所评价的事项"):
        actions.rate(by=None, target="case", channel="counter", service=s, case=case, level=5, rated_at=t(2025, 3, 4))
    with pytest.raises(ValidationError, match="补评期限"):
        actions.rate(by=None, target="case", channel="online", service=other, case=case, level=5,
                     rated_at=t(2025, 4, 30))
    with pytest.raises(ValidationError, match="评价等级"):
        actions.rate(by=None, target="service", channel="online", service=s, level=9)
    assert Rating.objects.count() == 0


def test_ledger_clock_runs_on_working_days_and_revisit_before_close(county, settings):
    s = make_service(county.department)
    r = _bad(s, real_name=True, rater_name="李秀英", rater_phone="13900001111")
    assert r.status == "pending"
    cal = WorkdayCalendar()
    r = actions.open_ledger(r, by=county.editor, note="调整窗口人员配置", today=dt.date(2025, 9, 26), cal=cal)
    # 15 working days after Fri 26 Sep 2025 across 国庆 (1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked):
    # 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15, 16, 17, 20, 21, 22, 23 Oct -> 23 Oct
    assert r.status == "rectifying" and r.rectify_due == dt.date(2025, 10, 23)
    assert workflow.overdue(r, dt.date(2025, 10, 24)) and not workflow.overdue(r, dt.date(2025, 10, 23))
    settings.ZHENGWU_RATING_RECTIFY_WORKDAYS = 5
    assert workflow.rectify_workdays() == 5
    r = actions.complete_rectification(r, by=county.editor, note="已增设导办员", today=dt.date(2025, 10, 20))
    opts = workflow.options(r, county.editor, dt.date(2025, 10, 20))
    assert opts.blocked_by("close", "revisit_first")
    with pytest.raises(ValidationError, match="先回访"):
        actions.close(r, by=county.editor)
    r = actions.revisit(r, by=county.editor, note="电话回访，群众满意")
    r = actions.close(r, by=county.editor, today=dt.date(2025, 10, 21))
    assert r.status == "closed" and rating_metrics.handled_on_time(r)
    actions_done = list(AuditEvent.objects.filter(target_type="services.rating").values_list("action", flat=True))
    assert set(actions_done) == {"rating_create", "rating_open_ledger", "rating_complete_rectification",
                                 "rating_revisit", "rating_close"}
    assert unlabelled(actions_done) == []


def test_every_path_and_its_refusals(county):
    s = make_service(county.department)
    anon = _bad(s)
    anon = actions.explain(anon, by=county.editor, note="该诉求无法律依据，已向群众解释")
    assert workflow.options(anon, county.editor, dt.date.today()).blocked_by("revisit", "anonymous")
    assert actions.close(anon, by=county.editor).status == "closed"

    now = actions.rectify_now(_bad(s), by=county.editor, note="当场补正告知")
    assert now.status == "rectified" and now.rectified_on is not None

    appealed = actions.appeal(_bad(s), by=county.editor, reason="评价人误操作，非本事项")
    with pytest.raises(PermissionDenied):
        actions.decide_appeal(appealed, by=county.editor, upheld=True, decision="成立")
    voided = actions.decide_appeal(appealed, by=county.office_admin, upheld=True, decision="经核实为误评")
    assert voided.status == "voided"
    rejected = actions.decide_appeal(actions.appeal(_bad(s), by=county.editor, reason="恶意差评"),
                                     by=county.office_admin, upheld=False, decision="理由不成立，请整改")
    assert rejected.status == "pending"

    with pytest.raises(PermissionDenied):
        actions.rectify_now(rejected, by=county.other_editor, note="x")
    with pytest.raises(ValidationError, match="请填写整改情况"):
        actions.rectify_now(rejected, by=county.editor, note="")
    with pytest.raises(ValidationError, match="当前处置状态"):
        actions.complete_rectification(rejected, by=county.editor, note="x")
    good = actions.rate(by=None, target="service", channel="online", service=s, level=5)
    assert good.status == "" and workflow.options(good, county.editor, dt.date.today()).allowed == []


def test_metrics_against_a_hand_computed_example(county):
    """March 2025. 事项 A, B, C have 办件 (C's still open), D has none.
    评价覆盖率 = rated {A, B} / with cases {A, B, C} = 2/3.
    群众实际评价率 = finished & rated {A1, A2} / finished {A1, A2, B1} = 2/3.
    差评有效处置率: valid 差评 = A2's (closed late) and B's guide one (closed) = 1/2; the voided one does not count.
    数据汇集及时准确率: 5 ratings, one recorded 30 h late = 4/5."""
    A, B, C, _D = (make_service(county.department, code=f"MET-{x}") for x in "ABCD")
    a1 = _case(A, "A1", t(2025, 3, 3), t(2025, 3, 5))
    a2 = _case(A, "A2", t(2025, 3, 3), t(2025, 3, 6))
    _case(B, "B1", t(2025, 3, 10), t(2025, 3, 12))
    _case(C, "C1", t(2025, 2, 20))
    actions.rate(by=None, target="case", channel="counter", service=A, case=a1, level=5, rated_at=t(2025, 3, 5), recorded_at=t(2025, 3, 5, 11))
    late_fix = actions.rate(by=None, target="case", channel="counter", service=A, case=a2, level=1,
                            reason="材料被要求重复提交", rated_at=t(2025, 3, 6), recorded_at=t(2025, 3, 6, 11))
    late_fix = actions.open_ledger(late_fix, by=county.editor, note="整改", today=dt.date(2025, 3, 7))
    assert late_fix.rectify_due == dt.date(2025, 3, 28)
    late_fix = actions.complete_rectification(late_fix, by=county.editor, note="完成", today=dt.date(2025, 3, 31))
    actions.close(late_fix, by=county.editor, today=dt.date(2025, 3, 31))
    guide = actions.rate(by=None, target="guide", channel="online", service=B, level=2, reason="指南不清楚",
                         rated_at=t(2025, 3, 12), recorded_at=t(2025, 3, 12, 11))
    actions.close(actions.explain(guide, by=county.editor, note="已修改指南"), by=county.editor)
    wrong = actions.rate(by=None, target="service", channel="online", service=B, level=1, reason="误评",
                         rated_at=t(2025, 3, 13), recorded_at=t(2025, 3, 13, 11))
    actions.decide_appeal(actions.appeal(wrong, by=county.editor, reason="误评"), by=county.office_admin,
                          upheld=True, decision="成立")
    actions.rate(by=None, target="service", channel="general", service=A, level=4, rated_at=t(2025, 3, 14),
                 recorded_at=t(2025, 3, 15, 16))
    m = rating_metrics.compute(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert m.coverage_rate == pytest.approx(2 / 3)
    assert m.actual_rating_rate == pytest.approx(2 / 3)
    assert m.bad_review_handled_rate == pytest.approx(1 / 2)
    assert m.data_timeliness_rate == pytest.approx(4 / 5)
    empty = rating_metrics.compute(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert empty.actual_rating_rate is None and empty.bad_review_handled_rate is None
    rows = rating_metrics.monthly_by_unit(2025)
    assert len(rows) == 1 and rows[0]["total"] == 4 and rows[0]["bad"] == 2 and rows[0]["closed"] == 2
