"""The form pattern (docs/decisions/1301-form-pattern.md) on the 依申请公开 form, the status lookup and staff
forms (a new case; a case's consultation, fee and appeal forms): error summary linking to real ids, specific
messages, real aria-describedby, fieldsets, input purposes, the captcha box cleared, failed submissions kept out
of the success budget, and a failed staff submit saving nothing."""
import pytest
from bs4 import BeautifulSoup
from django import forms
from django.core.cache import cache

from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.applications.models import Application
from zhengwu.applications.tests.test_views import submission_token
from zhengwu.core.forms import SpecificMessages

from .factories import applicant


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def submit(client, data, *, right_answer=True):
    token = submission_token(client.get("/yisq/"))
    answer = client.session[SESSION_KEY] if right_answer else "999"
    return client.post("/yisq/", {**data, "captcha": answer, "submission_token": token})


def assert_errors_wired(page: BeautifulSoup, *, first: bool = True) -> list[str]:
    """Every summary link targets an existing control whose aria-describedby names an existing message. On a
    page of many small forms (a case's items) the summary sits in the failed form (`first=False`)."""
    assert len(page.select("main .error-summary")) == 1
    summary = page.select_one("main #error-summary")
    assert summary is not None and summary.find("h2") is not None
    if first:
        assert page.select_one("main").find(True) is summary  # first thing in <main>: one Tab from the skip link
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert page.title.string.startswith("错误：")
    assert not page.select("ul.errorlist") and not page.select("[role=alert] li")
    targets = []
    for link in summary.select("a"):
        control = page.find(id=link["href"][1:])
        assert control is not None, link["href"]
        ids = control.get("aria-describedby", "").split()
        assert f"{control['id']}_error" in ids, control
        for described in ids:
            assert page.find(id=described) is not None, described
        message = page.find(id=f"{control['id']}_error").get_text()
        assert link.get_text() in message
        targets.append(control["id"])
    for generic in ("必需字段", "必填项", "This field"):
        assert generic not in page.get_text()
    return targets


@pytest.mark.django_db
def test_empty_application_form_shows_summary_with_specific_linked_messages(client, county):
    r = submit(client, {}, right_answer=False)
    assert r.status_code == 200
    page = soup(r)
    targets = assert_errors_wired(page)
    assert targets[:3] == ["id_applicant_type", "id_applicant_name", "id_id_type"]  # summary follows the page order
    assert {"id_unit", "id_phone", "id_address", "id_description", "id_captcha"} <= set(targets)
    text = page.select_one("#error-summary").get_text()
    assert "请填写申请人姓名或名称。" in text and "请选择向哪个机关申请。" in text and "请填写联系电话。" in text
    assert page.find(id="id_captcha").get("value") in (None, "")  # the wrong answer is not echoed
    assert "每次提交都要计算新的题目" in page.find(id="id_captcha_helptext").get_text()
    assert [lg.get_text() for lg in page.select("fieldset > legend.fieldset-legend")] == ["申请人信息", "所需信息", "获取方式"]
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_personal_fields_say_their_purpose(client, county):
    page = soup(client.get("/yisq/"))
    phone, email, postcode = page.find(id="id_phone"), page.find(id="id_email"), page.find(id="id_postcode")
    assert (phone["type"], phone["autocomplete"], phone["inputmode"]) == ("tel", "tel", "tel")
    assert (email["type"], email["autocomplete"]) == ("email", "email")
    assert (postcode["autocomplete"], postcode["inputmode"]) == ("postal-code", "numeric")
    assert page.find(id="id_applicant_name")["autocomplete"] == "name"
    assert page.find(id="id_address")["autocomplete"] == "street-address"
    assert page.find(id="id_captcha")["inputmode"] == "numeric"
    assert page.find(id="id_phone")["aria-describedby"] == "id_phone_helptext" and page.find(id="id_phone_helptext")
    assert page.title.string.startswith("政府信息公开申请")


@pytest.mark.django_db
def test_filled_fields_get_the_rule_message_alongside_missing_ones(client, county):
    """A 10-digit mobile is named in the same round as the missing name (no second round of new errors)."""
    data = {**applicant(phone="1391234567", applicant_name=""), "unit": county.department.pk}
    page = soup(submit(client, data))
    assert_errors_wired(page)
    assert "手机号码应为11位数字（您填写了10位）。" in page.find(id="id_phone_error").get_text()
    assert "请填写申请人姓名或名称。" in page.find(id="id_applicant_name_error").get_text()
    assert page.find(id="id_phone")["value"] == "1391234567"  # what was typed stays, except the captcha


@pytest.mark.django_db
def test_only_successful_submissions_count_toward_the_limit(client, county, settings):
    settings.ZHENGWU_YISQ_SUBMIT_RATE = (2, 3600)
    settings.ZHENGWU_YISQ_FAILED_RATE = (6, 3600)
    good = {**applicant(), "unit": county.department.pk}
    for _ in range(4):  # mistakes: a wrong answer, an empty form
        assert submit(client, good, right_answer=False).status_code == 200
    assert submit(client, {}).status_code == 200
    assert submit(client, good).status_code == 302
    assert submit(client, good).status_code == 302
    r = submit(client, good)
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_failed_submissions_have_their_own_budget(client, county, settings):
    settings.ZHENGWU_YISQ_FAILED_RATE = (3, 3600)
    for _ in range(3):
        assert submit(client, {}, right_answer=False).status_code == 200
    r = submit(client, {**applicant(), "unit": county.department.pk})
    assert r.status_code == 429
    assert "提交过于频繁" in soup(r).select_one("#error-summary").get_text()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_status_lookup_empty_code(client, county):
    page = soup(client.get("/yisq/cx/?code="))
    assert assert_errors_wired(page) == ["id_code"]
    assert "请填写查询码。" in page.find(id="id_code_error").get_text()
    assert page.select_one("main form[role=search]")["aria-label"]


@pytest.mark.django_db
def test_staff_form_uses_the_same_pattern(client, county):
    client.force_login(county.office_admin)
    r = client.post("/staff/applications/new/", {"channel": "mail", "signed": "三月二日"})
    page = soup(r)
    targets = assert_errors_wired(page)
    assert "id_applicant_name" in targets and "id_signed" in targets
    assert "签收日期格式不正确，应为 年-月-日（如 2026-03-02）。" in page.find(id="id_signed_error").get_text()
    assert "收到申请" in [lg.get_text() for lg in page.select("legend.fieldset-legend")]


@pytest.mark.django_db
def test_specific_messages_on_any_form():
    class Demo(SpecificMessages, forms.Form):
        kind = forms.ChoiceField(label="类型", choices=[("a", "甲")])
        day = forms.DateField(label="告知日期（工作日）")
        count = forms.IntegerField(label="件数", min_value=1)
        title = forms.CharField(label="标题：", max_length=3)
        note = forms.CharField(label="说明", error_messages={"required": "说明不能为空，请写明理由。"})

    form = Demo({"day": "2026-13-02", "count": "0", "title": "太长的标题"})
    assert not form.is_valid()
    assert form.errors == {
        "kind": ["请选择类型。"], "day": ["告知日期格式不正确，应为 年-月-日（如 2026-03-02）。"],
        "count": ["件数不能小于1。"], "title": ["标题不能超过3个字（现有5个）。"], "note": ["说明不能为空，请写明理由。"],
    }


@pytest.fixture
def case_items(county):
    """A case with a posted consultation and an appeal, another with a fee notice (a consultation stops the
    fee step): each item offers its forms on its case page."""
    from zhengwu.applications import actions
    from zhengwu.org.models import Role
    from zhengwu.org.tests.factories import make_user

    from .factories import register

    handler = make_user("jyj_jbr", county.department, Role.HANDLER)
    app = register(county.department, handler, received="2026-03-02")
    c = actions.start_consultation(app, by=handler, kind="third_party", party_name="某建筑公司",
                                   sent_date="2026-03-03", delivery="post", received_date="2026-03-05")
    appeal = actions.record_appeal(app, by=handler, kind="review", filed_date="2026-04-01", authority="示范县人民政府")
    charged = register(county.department, handler, received="2026-03-02")
    fee = actions.notify_fee(charged, by=handler, method="per_page", quantity=150, notice_date="2026-03-04")
    return handler, {"c": (app, c), "f": (charged, fee), "a": (app, appeal)}


def _saved(app) -> tuple:
    """What a case's item forms could write: the case's events, the audit log and each item's state."""
    from zhengwu.audit.models import AuditEvent

    app.refresh_from_db()
    return (app.events.count(), AuditEvent.objects.count(), app.due_date, app.status,
            [(c.opinion, c.replied_date, c.received_date, c.reply_deadline) for c in app.consultations.all()],
            [(f.status, f.paid_date, f.received_date, f.waiver_reason) for f in app.fees.all()],
            [(a.result, a.decided_date) for a in app.appeals.all()])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item", "post", "prefix", "message"), [
    ("consultation_reply", "c", {"consultation": 0, "opinion": "agree", "replied_date": "2026-03-01"},
     "cq{}_replied_date", "收到意见日期不能早于发出日期。"),
    ("consultation_receipt", "c", {"target": 0, "received_date": ""}, "cr{}_received_date", "请填写实际收到日期。"),
    ("payment", "f", {"fee": 0, "paid_date": "三月五日"}, "fp{}_paid_date",
     "缴费日期格式不正确，应为 年-月-日（如 2026-03-02）。"),
    ("waive", "f", {"fee": 0, "reason": "", "waived_date": "2026-03-05"}, "fw{}_reason", "请填写减免理由。"),
    ("fee_receipt", "f", {"target": 0, "received_date": ""}, "fr{}_received_date", "请填写实际收到日期。"),
    ("appeal_decision", "a", {"appeal": 0, "result": "upheld", "decided_date": "2026-03-01"}, "ad{}_decided_date",
     "审结日期不能早于申请/立案日期。"),
])
def test_case_item_forms_fail_with_the_pattern_and_save_nothing(client, case_items, name, item, post, prefix,
                                                                message):
    handler, items = case_items
    app, thing = items[item]
    client.force_login(handler)
    assert not soup(client.get(f"/staff/applications/{app.pk}/")).select(".error-summary")
    before = _saved(app)
    key = next(iter(post))
    r = client.post(f"/staff/applications/{app.pk}/sub/{name}/", {**post, key: thing.pk})
    assert r.status_code == 400
    page = soup(r)
    targets = assert_errors_wired(page, first=False)
    wanted = prefix.format(thing.pk)
    assert targets == [wanted]
    assert message in page.find(id=f"{wanted}_error").get_text()
    assert page.find(id=wanted).find_parent("form")["action"].endswith(f"/sub/{name}/")
    assert _saved(app) == before
    ids = [tag["id"] for tag in page.select("[id]")]
    assert [i for i in ids if ids.count(i) > 1] == []  # each item's forms have their own ids


@pytest.mark.django_db
def test_case_item_form_for_another_case_is_not_found(client, case_items):
    handler, items = case_items
    _, fee = items["f"]
    other, _ = items["c"]
    client.force_login(handler)
    r = client.post(f"/staff/applications/{other.pk}/sub/payment/", {"fee": fee.pk, "paid_date": "2026-03-05"})
    assert r.status_code == 404
    fee.refresh_from_db()
    assert fee.status == "notified"
