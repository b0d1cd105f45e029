"""Case handling through the action functions: every outcome, the clock on a case, bad input changes nothing."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.applications import actions, outcomes
from zhengwu.applications.models import Application, CaseEvent, Correction, Extension, Fee, Status
from zhengwu.audit.models import AuditEvent
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

from .factories import applicant, id_number, register

D = dt.date.fromisoformat


@pytest.fixture
def handler(county):
    return make_user("jyj_jbr", county.department, Role.HANDLER)


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_register_starts_clock_and_keeps_history(county, handler):
    app = register(county.department, handler, received="2026-02-13")
    assert app.status == Status.PROCESSING and app.received_date == D("2026-02-13")
    assert app.due_date == D("2026-03-19") and not app.due_date_provisional
    ev = app.events.get(kind="due_date")
    assert ev.old_due_date is None and ev.new_due_date == D("2026-03-19") and "第三十三条" in ev.rule
    assert len(app.query_code) == 10 and app.serial.startswith("2026-")


def test_audit_log_never_holds_personal_data(county, handler):
    app = register(county.department, handler)
    events = AuditEvent.objects.filter(target_id=str(app.pk))
    assert events.exists()
    dump = str(list(events.values()))
    assert id_number() not in dump and "13812345678" not in dump and "张三" not in dump


@pytest.mark.parametrize("code", [o.code for o in outcomes.OUTCOMES
                                  if o.code not in ("other_no_correction", "other_fee_unpaid",
                                                    "unable_unclear_after_correction")])
def test_every_plain_outcome(county, handler, code):
    app = register(county.department, handler)
    app = actions.close(app, by=handler, outcome=code, reply_date="2026-03-10", reason="理由说明")
    assert app.final_outcome == code and app.closed_date == D("2026-03-10") and app.status == Status.CLOSED


def test_outcome_no_correction(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    actions.request_correction(app, by=handler, items="请说明所需文件的文号或形成时间。", notice_date="2026-03-05",
                               deadline="2026-03-20")
    app.refresh_from_db()
    assert app.status == Status.CORRECTION and app.due_date is None
    with pytest.raises(ValidationError) as exc:
        actions.close(app, by=handler, outcome="other_no_correction", reply_date="2026-03-20")
    assert "期限届满后" in messages(exc)
    app = actions.close(app, by=handler, outcome="other_no_correction", reply_date="2026-03-23")
    assert app.final_outcome == "other_no_correction"


def test_correction_restarts_clock_and_unclear_after_correction(county, handler):
    app = register(county.department, handler, received="2026-09-25")
    # 2026国庆 10/1–10/7 off, 10/10 (Sat) worked: day 7 after 9/25 is 9/28,9/29,9/30,10/8,10/9,10/10,10/12
    with pytest.raises(ValidationError) as exc:
        actions.request_correction(app, by=handler, items="请明确信息名称。", notice_date="2026-10-13")
    assert "7个工作日" in messages(exc) and "2026年10月12日" in messages(exc)
    assert not Correction.objects.exists()
    actions.request_correction(app, by=handler, items="请明确信息名称。", notice_date="2026-10-12")
    with pytest.raises(ValidationError) as exc:
        actions.request_correction(app, by=handler, items="再补一次。", notice_date="2026-10-12")
    assert "一次性告知" in messages(exc)
    app = actions.receive_correction(app, by=handler, corrected_date="2026-10-20", content="补正后的描述")
    assert app.clock_start == D("2026-10-20")
    assert app.due_date == D("2026-11-17")
    rules = list(app.events.filter(kind="due_date").values_list("rule", flat=True))
    assert any("第三十条" in r for r in rules)
    app = actions.close(app, by=handler, outcome="unable_unclear_after_correction", reply_date="2026-11-10",
                        reason="补正后仍无法确定所需信息。")
    assert app.final_outcome == "unable_unclear_after_correction"


def test_fee_unpaid_outcome_and_fee_pause(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    due_before = app.due_date
    fee = actions.notify_fee(app, by=handler, method="per_page", quantity=150, notice_date="2026-03-04")
    assert fee.amount == 1700 and "第五条" in fee.calculation
    app.refresh_from_db()
    assert app.status == Status.FEE_PENDING and app.due_date > due_before
    with pytest.raises(ValidationError) as exc:
        actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    assert "尚未缴费" in messages(exc)
    app = actions.close(app, by=handler, outcome="other_fee_unpaid", reply_date=fee.pay_deadline + dt.timedelta(days=1))
    fee.refresh_from_db()
    assert app.final_outcome == "other_fee_unpaid" and fee.status == Fee.FeeStatus.EXPIRED


def test_fee_paid_resumes_clock(county, handler):
    app = register(county.department, handler, received="2026-03-02")  # due 2026-03-30
    assert app.due_date == D("2026-03-30")
    fee = actions.notify_fee(app, by=handler, method="per_page", quantity=40, notice_date="2026-03-04")
    actions.record_payment(fee, by=handler, paid_date="2026-03-11")
    app.refresh_from_db()
    assert app.status == Status.PROCESSING
    assert app.due_date == D("2026-04-07")  # 5 working days (3/5–3/11) not counted; 4/6 (Mon) 清明 holiday
    ev = app.events.filter(kind="due_date").last()
    assert ev.old_due_date and "109号" in ev.rule


def test_fee_waiver_needs_reason(county, handler):
    app = register(county.department, handler)
    fee = actions.notify_fee(app, by=handler, method="per_page", quantity=40, notice_date="2026-03-04")
    with pytest.raises(ValidationError) as exc:
        actions.waive_fee(fee, by=handler, reason=" ")
    assert "减免理由" in messages(exc)
    fee.refresh_from_db()
    assert fee.status == Fee.FeeStatus.NOTIFIED
    actions.waive_fee(fee, by=handler, reason="申请人为低保对象。", waived_date="2026-03-05")
    fee.refresh_from_db()
    assert fee.status == Fee.FeeStatus.WAIVED and fee.waiver_reason == "申请人为低保对象。"


def test_per_item_fee_counts_same_applicant_in_month(county, handler):
    apps = [register(county.department, handler, received="2026-03-02") for _ in range(11)]
    calc = actions.calculate_fee(apps[-1], method="per_item", quantity=1)
    assert calc.quantity == 11 and calc.amount == 100
    other = register(county.department, handler, received="2026-03-02", id_number=id_number("43040219900202123"))
    assert actions.calculate_fee(other, method="per_item", quantity=1).amount == 0


def test_extension_once_with_approver(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    with pytest.raises(ValidationError) as exc:
        actions.extend(app, by=handler, days=10, reason="需调取档案", approved_date="2026-03-20",
                       notice_date="2026-03-20")
    assert "批准人" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        actions.extend(app, by=handler, days=21, reason="需调取档案", approver=county.reviewer,
                       approved_date="2026-03-20", notice_date="2026-03-20")
    assert "1至20个工作日" in messages(exc)
    actions.extend(app, by=handler, days=20, reason="需调取档案", approver=county.reviewer,
                   approved_date="2026-03-20", notice_date="2026-03-20")
    app.refresh_from_db()
    assert app.due_date == D("2026-04-28")
    with pytest.raises(ValidationError) as exc:
        actions.extend(app, by=handler, days=5, reason="再延", approver=county.reviewer,
                       approved_date="2026-03-21", notice_date="2026-03-21")
    assert "只能一次" in messages(exc)
    assert Extension.objects.count() == 1
    app.refresh_from_db()
    assert app.due_date == D("2026-04-28")


def test_third_party_consultation_not_counted(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    c = actions.start_consultation(app, by=handler, kind="third_party", party_name="示范县某建筑公司",
                                   sent_date="2026-03-03")
    assert c.reply_deadline == D("2026-03-24")
    app.refresh_from_db()
    assert app.status == Status.CONSULTING and app.due_date == D("2026-04-21")  # 15 working days not counted
    actions.record_consultation_reply(c, by=handler, opinion="object", replied_date="2026-03-06", text="涉及商业秘密")
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and app.due_date == D("2026-04-02")  # 3 working days not counted
    app = actions.close(app, by=handler, outcome="withheld_third_party", reply_date="2026-03-20", reason="涉及商业秘密。")
    assert app.final_outcome == "withheld_third_party"


def test_second_final_outcome_refused(county, handler):
    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    with pytest.raises(ValidationError) as exc:
        actions.close(app, by=handler, outcome="unable_not_held", reply_date="2026-03-11", reason="x")
    assert "只能有一个办理结果" in messages(exc)
    app.refresh_from_db()
    assert app.final_outcome == "granted"


@pytest.mark.parametrize("field,value,message", [
    ("id_number", "430402198001011230", "身份证号码不正确"),
    ("applicant_name", "", "请填写申请人姓名或名称"),
    ("description", "", "请填写所需政府信息的描述"),
    ("phone", "abc", "联系电话格式不正确"),
    ("id_type", "credit_code", "自然人请选择居民身份证"),
])
def test_bad_input_changes_nothing(county, handler, field, value, message):
    before = (Application.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        register(county.department, handler, **{field: value})
    assert message in messages(exc)
    assert (Application.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()) == before


def test_online_submission_needs_confirmation(county, handler):
    app = actions.submit_online(unit=county.department, data=applicant())
    assert app.status == Status.AWAITING_RECEIPT and app.due_date is None
    with pytest.raises(ValidationError):
        actions.close(app, by=handler, outcome="granted", reply_date=dt.date.today())
    with pytest.raises(ValidationError) as exc:
        actions.confirm_receipt(app, by=handler, confirmed="2099-01-01")
    assert "不能晚于今天" in messages(exc)
    app = actions.confirm_receipt(app, by=handler, confirmed=dt.date.today())
    assert app.received_date == dt.date.today() and "第三十一条" in app.receipt_basis


def test_other_unit_cannot_act(county, handler):
    app = register(county.department, handler)
    with pytest.raises(PermissionDenied):
        actions.close(app, by=county.other_reviewer, outcome="granted", reply_date="2026-03-10")
    app.refresh_from_db()
    assert app.is_open


def test_organisation_applicant(county, handler):
    from zhengwu.org.tests.factories import next_credit_code

    app = register(county.department, handler, applicant_type="legal_service", applicant_name="示范律师事务所",
                   id_type="credit_code", id_number=next_credit_code(), contact_person="李律师")
    assert app.is_organisation
    with pytest.raises(ValidationError) as exc:
        register(county.department, handler, applicant_type="commercial", applicant_name="某公司",
                 id_type="credit_code", id_number="91430000ABCDEFGH12", contact_person="王")
    assert "统一社会信用代码不正确" in messages(exc)


def test_calendar_change_recomputes_provisional_due(county, handler, django_capture_on_commit_callbacks):
    from zhengwu.workdays import actions as wd

    app = register(county.department, None, received="2026-11-20")
    assert app.due_date == D("2026-12-18") and not app.due_date_provisional
    actions.extend(app, by=None, days=20, reason="需调取档案", approver_name="王主任", approved_date="2026-11-24",
                   notice_date="2026-11-24")
    app.refresh_from_db()
    assert app.due_date == D("2027-01-18") and app.due_date_provisional  # runs into 2027: no official data
    assert "暂定" in app.events.filter(kind="due_date").last().description
    with django_capture_on_commit_callbacks(execute=True):
        wd.set_override(by=county.office_admin, date=D("2027-01-04"), is_workday=False, note="测试：放假")
        wd.confirm_official_year(by=county.office_admin, year=2027, source_document="国办发明电〔2026〕X号")
    app.refresh_from_db()
    assert app.due_date == D("2027-01-19") and not app.due_date_provisional
    ev = app.events.filter(kind="due_date").last()
    assert ev.old_due_date == D("2027-01-18") and "工作日历" in ev.rule


def test_appeals_table_four_data(county, handler):
    from zhengwu.applications.models import Appeal

    app = register(county.department, handler)
    actions.close(app, by=handler, outcome="unable_not_held", reply_date="2026-03-10", reason="经检索不存在。")
    appeal = actions.record_appeal(app, by=handler, kind="review", filed_date="2026-04-01", authority="示范县人民政府")
    assert appeal.result == "pending"
    with pytest.raises(ValidationError) as exc:
        actions.decide_appeal(appeal, by=handler, result="upheld", decided_date="2026-03-01")
    assert "不能早于" in messages(exc)
    actions.decide_appeal(appeal, by=handler, result="corrected", decided_date="2026-05-20")
    with pytest.raises(ValidationError) as exc:
        actions.decide_appeal(appeal, by=handler, result="upheld", decided_date="2026-05-21")
    assert "已登记审结结果" in messages(exc)
    appeal.refresh_from_db()
    assert appeal.result == "corrected" and Appeal.objects.count() == 1
    with pytest.raises(ValidationError):
        actions.record_appeal(app, by=handler, kind="nonsense", filed_date="2026-04-01")
    assert Appeal.objects.count() == 1


# --- 第三十二条、第三十四条 and 109号: periods run from the other side's receipt -----------------------------

def test_consultation_period_runs_from_receipt_not_sending(county, handler, settings):
    settings.ZHENGWU_POSTAL_DELIVERY_DAYS = 3
    app = register(county.department, handler, received="2026-03-02")
    mailed = actions.start_consultation(app, by=handler, kind="third_party", party_name="示范县某建筑公司",
                                        sent_date="2026-03-03", delivery="post")
    assert mailed.received_date == D("2026-03-06")  # presumed: sent + 3 days (a setting)
    assert mailed.reply_deadline == D("2026-03-27")  # 15 working days after 3/6, not after 3/3
    app.refresh_from_db()
    assert app.due_date == D("2026-04-24")  # the whole span 3/4–3/27 (18 working days) is not counted
    assert "邮寄" in app.events.get(kind="consultation").description
    # The postal 回执 shows a later receipt: the 15 days are counted again and the case's due date follows.
    actions.record_consultation_receipt(mailed, by=handler, received_date="2026-03-09")
    mailed.refresh_from_db()
    assert mailed.received_date == D("2026-03-09") and mailed.reply_deadline == D("2026-03-30")
    app.refresh_from_db()
    assert app.due_date == D("2026-04-27")
    assert AuditEvent.objects.filter(action="application_consultation_receipt").count() == 1


def test_electronic_consultation_is_received_the_day_it_is_sent(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    c = actions.start_consultation(app, by=handler, kind="agency", party_name="示范县财政局", sent_date="2026-03-03")
    assert c.delivery == "electronic" and c.received_date == D("2026-03-03") and c.reply_deadline == D("2026-03-24")


def test_consultation_receipt_before_sending_is_refused(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    with pytest.raises(ValidationError) as exc:
        actions.start_consultation(app, by=handler, kind="third_party", party_name="某公司", sent_date="2026-03-03",
                                   delivery="post", received_date="2026-03-02")
    assert "不能早于发出日期" in messages(exc)
    assert not app.consultations.exists()


def test_fee_payment_period_runs_from_the_day_after_receipt(county, handler):
    app = register(county.department, handler, received="2026-03-02")
    fee = actions.notify_fee(app, by=handler, method="per_page", quantity=150, notice_date="2026-03-04",
                             delivery="post", received_date="2026-03-09")
    assert fee.received_date == D("2026-03-09")
    assert fee.pay_deadline == D("2026-04-07")  # 3/10 is day 1; 4/6 清明 not a working day
    # Paying after the date counted from the notice itself (4/1) is still in time.
    actions.record_payment(fee, by=handler, paid_date="2026-04-02")
    fee.refresh_from_db()
    assert fee.status == Fee.FeeStatus.PAID


def test_fee_receipt_recorded_later_moves_the_payment_deadline(county, handler, settings):
    settings.ZHENGWU_POSTAL_DELIVERY_DAYS = 2
    app = register(county.department, handler, received="2026-03-02")
    fee = actions.notify_fee(app, by=handler, method="per_page", quantity=150, notice_date="2026-03-04",
                             delivery="post")
    assert fee.received_date == D("2026-03-06") and fee.pay_deadline == D("2026-04-03")
    actions.record_fee_receipt(fee, by=handler, received_date="2026-03-09")
    fee.refresh_from_db()
    assert fee.pay_deadline == D("2026-04-07")
    ev = app.events.get(kind="fee_receipt")
    assert ev.public and "2026年04月07日" in ev.description
