"""The form pattern (docs/decisions/1301-form-pattern.md) on the 依申请公开 form, the status lookup and a staff
form: error summary linking to real ids, specific messages, real aria-describedby, fieldsets, input purposes,
the captcha box cleared, and failed submissions kept out of the success budget."""
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


def assert_errors_wired(page: BeautifulSoup) -> list[str]:
    """Every summary link targets an existing control whose aria-describedby names an existing message."""
    summary = page.select_one("main #error-summary")
    assert summary is not None and summary.find("h2") is not None
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
