"""Public form (captcha, rate limit, 查询码), staff pages, privacy between units, API, check_deadlines."""
import datetime as dt
import io
import re

import docx
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from zhengwu.applications import actions
from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.applications.models import Application, Notification
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

from .factories import applicant, id_number, register


@pytest.fixture
def handler(county):
    user = make_user("jyj_jbr", county.department, Role.HANDLER)
    user.email = "jbr@example.com"
    user.save()
    return user


def form_data(county, **over):
    data = {"unit": county.department.pk, **applicant()}
    data.update(over)
    return data


def submission_token(page) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', page.content.decode()).group(1)


def post_form(client, data):
    token = submission_token(client.get("/yisq/"))
    answer = client.session[SESSION_KEY]
    return client.post("/yisq/", {**data, "captcha": answer, "submission_token": token})


def test_repost_after_lost_answer_gives_the_first_query_code(client, county):
    token = submission_token(client.get("/yisq/"))
    posted = {**form_data(county), "captcha": client.session[SESSION_KEY], "submission_token": token}
    assert client.post("/yisq/", posted).status_code == 302
    first = Application.objects.get()
    # The answer page never arrived; the browser posts the very same form again (its captcha answer is spent).
    again = client.post("/yisq/", posted)
    assert again.status_code == 302 and again["Location"].endswith("/yisq/done/")
    assert first.query_code in client.get("/yisq/done/").content.decode()
    assert Application.objects.count() == 1
    # Another browser (no session) replaying the token gets the same code back, files nothing.
    other = Client()
    assert other.post("/yisq/", posted).status_code == 302
    assert first.query_code in other.get("/yisq/done/").content.decode()
    assert Application.objects.count() == 1


def test_missing_or_forged_token_files_nothing(client, county):
    for token in ("", "forged:token", submission_token(client.get("/yisq/")) + "x"):
        client.get("/yisq/")
        r = client.post("/yisq/", {**form_data(county), "captcha": client.session[SESSION_KEY],
                                   "submission_token": token})
        assert r.status_code == 200 and "页面已过期或不完整" in r.content.decode()
        assert 'name="submission_token" value="' in r.content.decode()  # a fresh token to submit with
    assert not Application.objects.exists()


def test_token_older_than_two_days_asks_to_submit_again(client, county):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        token = submission_token(client.get("/yisq/"))
    client.get("/yisq/")
    r = client.post("/yisq/", {**form_data(county), "captcha": client.session[SESSION_KEY], "submission_token": token})
    assert "页面已过期或不完整" in r.content.decode()
    assert not Application.objects.exists()


def test_public_form_gives_query_code_and_status_shows_nothing_personal(client, county):
    r = post_form(client, form_data(county))
    assert r.status_code == 302
    page = client.get("/yisq/done/").content.decode()
    app = Application.objects.get()
    assert app.query_code in page
    status = client.get(f"/yisq/cx/?code={app.query_code}").content.decode()
    assert "待确认收到" in status and county.department.name in status
    assert "张三" not in status and "13812345678" not in status and id_number() not in status


def test_wrong_captcha_saves_nothing(client, county):
    client.get("/yisq/")
    r = client.post("/yisq/", {**form_data(county), "captcha": "999"})
    assert r.status_code == 200 and "验证码不正确" in r.content.decode()
    assert not Application.objects.exists()


def test_public_form_bad_id_number(client, county):
    r = post_form(client, form_data(county, id_number="430402198001011230"))
    assert "身份证号码不正确" in r.content.decode()
    assert not Application.objects.exists()


def test_rate_limit(client, county, settings):
    settings.ZHENGWU_YISQ_SUBMIT_RATE = (2, 3600)
    for _ in range(2):
        assert post_form(client, form_data(county)).status_code == 302
    r = post_form(client, form_data(county))
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Application.objects.count() == 2


def test_staff_privacy_between_units(client, county, handler):
    app = register(county.department, handler)
    client.force_login(county.other_reviewer)
    assert client.get(f"/staff/applications/{app.pk}/").status_code == 404
    assert "2026-" not in client.get("/staff/applications/?status=all").content.decode()
    assert client.get(f"/api/v1/applications/{app.pk}").status_code == 404
    client.force_login(handler)
    listing = client.get("/staff/applications/?status=all").content.decode()
    assert "张*" in listing and "张三" not in listing
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "张三" in page and id_number() in page
    export = client.get("/staff/applications/export.csv").content.decode()
    assert id_number() not in export and "13812345678" not in export and "138****5678" in export
    client.force_login(county.office_admin)
    assert "张三" in client.get(f"/staff/applications/{app.pk}/").content.decode()


def test_staff_register_and_act_through_pages(client, county, handler):
    client.force_login(handler)
    data = {**applicant(), "unit": county.department.pk, "channel": "mail", "signed": "2026-03-02"}
    r = client.post("/staff/applications/new/", data)
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.received_date == dt.date(2026, 3, 2)
    r = client.post(f"/staff/applications/{app.pk}/do/correction/", {"items": "请写明文号", "notice_date": "2026-03-20"})
    assert r.status_code == 400 and "7个工作日" in r.content.decode()
    r = client.post(f"/staff/applications/{app.pk}/do/close/", {"outcome": "granted", "reply_date": "2026-03-10"})
    assert r.status_code == 302
    r = client.post(f"/staff/applications/{app.pk}/do/letter/", {"kind": "reply", "date": "2026-03-10"})
    assert r.status_code == 302
    letter = app.letters.get()
    preview = client.get(f"/staff/applications/{app.pk}/letters/{letter.pk}/").content.decode()
    assert "第三十六条第（二）项" in preview
    r = client.get(f"/staff/applications/{app.pk}/letters/{letter.pk}/?format=docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "第三十六条第（二）项" in text
    assert client.get(f"/staff/applications/{app.pk}/preview/reply/").status_code == 200


def test_api_public_status_and_staff_list(client, county, handler):
    app = register(county.department, handler)
    r = client.get(f"/api/v1/applications/status?code={app.query_code}")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "processing" and body["due_date"] == "2026-03-30"
    assert "张三" not in r.content.decode()
    assert client.get("/api/v1/applications/status?code=NOPE").status_code == 404
    assert client.get("/api/v1/applications").status_code == 401
    client.force_login(handler)
    rows = client.get("/api/v1/applications?status=all").json()
    assert rows[0]["applicant"] == "张*"
    assert client.get(f"/api/v1/applications/{app.pk}").json()["id_number"] == id_number()
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/applications/status" in schema["paths"]


def test_check_deadlines_notifies_once_a_day(county, handler, capsys):
    app = register(county.department, handler, received="2026-03-02")  # due 2026-03-30
    actions.assign_handler(app, by=handler, handler=handler)
    call_command("check_deadlines", "--date", "2026-03-26")
    assert Notification.objects.filter(level="yellow").count() == 1
    assert len(mail.outbox) == 1 and app.serial in mail.outbox[0].body and "张三" not in mail.outbox[0].body
    call_command("check_deadlines", "--date", "2026-03-26")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    call_command("check_deadlines", "--date", "2026-03-31")
    assert Notification.objects.filter(level="red").count() == 1
    assert "红牌 1 件" in capsys.readouterr().out


def test_template_edit_only_office_admin(client, county, handler):
    from zhengwu.applications.models import LetterTemplate

    tpl = LetterTemplate.objects.get(key="fee")
    client.force_login(handler)
    assert client.get(f"/staff/applications/templates/{tpl.pk}/").status_code == 403
    client.force_login(county.office_admin)
    r = client.post(f"/staff/applications/templates/{tpl.pk}/", {"title": "收费通知书", "body": tpl.body + "\n\n附言"})
    assert r.status_code == 302
    tpl.refresh_from_db()
    assert tpl.title == "收费通知书" and tpl.body.endswith("附言")


def test_case_page_date_inputs_are_prefilled_in_iso(client, county, handler, beijing_hour):
    """Browsers leave an ``<input type="date">`` empty unless its value is YYYY-MM-DD (zh-hans renders 2026/12/02)."""
    import re

    app = register(county.department, handler, channel="mail", received=dt.date(2026, 12, 2))
    client.force_login(handler)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    inputs = re.findall(r'<input type="date"[^>]*>', page)
    assert inputs
    values = [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if 'value="' in i]
    assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values
    assert "2026-12-02" in values


def test_public_status_names_organs_not_people(client, county, handler):
    """The public sees the organ, not the person: no approver's name, no private third party (条例 privacy)."""
    reviewer = county.reviewer
    reviewer.first_name, reviewer.last_name = "审核", "王"
    reviewer.save()
    app = register(county.department, handler, received="2026-03-02")
    actions.start_consultation(app, by=handler, kind="third_party", party_name="李四", sent_date="2026-03-05")
    actions.record_consultation_reply(app.consultations.get(), by=handler, opinion="agree", replied_date="2026-03-09")
    actions.extend(app, by=handler, days=10, reason="需调取档案", approver=reviewer, approved_date="2026-03-20",
                   notice_date="2026-03-20")
    status = client.get(f"/yisq/cx/?code={app.query_code}").content.decode()
    assert "经政府信息公开工作机构负责人同意延长答复期限10个工作日" in status
    for name in ("王审核", "审核王", reviewer.username, "李四", handler.username):
        assert name not in status, name
    client.force_login(handler)
    staff = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "李四" in staff


def test_staff_dropdowns_show_names_and_units_and_no_empty_preview(client, county, handler):
    handler.first_name, handler.last_name = "芳", "王"
    handler.save()
    app = register(county.department, handler)
    client.force_login(handler)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert f">王芳（{county.department.name}）</option>" in page
    assert f">{handler.username}</option>" not in page
    assert "预览：" not in page  # nothing to preview on a new case


def test_staff_record_receipt_dates_through_pages(client, county, handler):
    """The case page sends a posted 征求意见书 and later records the 回执's date (第三十二条: 自收到之日起)."""
    app = register(county.department, handler, received="2026-03-02")
    client.force_login(handler)
    r = client.post(f"/staff/applications/{app.pk}/do/consultation/", {
        "kind": "third_party", "party_name": "某建筑公司", "party_address": "", "sent_date": "2026-03-03",
        "delivery": "post", "received_date": "2026-03-05"})
    assert r.status_code == 302
    c = app.consultations.get()
    assert c.received_date == dt.date(2026, 3, 5) and c.reply_deadline == dt.date(2026, 3, 26)
    page = client.get(f"/staff/applications/{app.pk}/").content.decode()
    assert "2026-03-05 收到" in page and "登记实际收到日期" in page
    r = client.post(f"/staff/applications/{app.pk}/sub/consultation_receipt/",
                    {"target": c.pk, "received_date": "2026-03-06"})
    c.refresh_from_db()
    assert r.status_code == 302 and c.reply_deadline == dt.date(2026, 3, 27)


def test_provisional_warning_shown_once_on_the_list(client, county, handler, settings):
    """Two units with provisional due dates: the 注意 line appears once, not once per unit."""
    other = make_user("czj_jbr", county.other_department, Role.HANDLER)
    for unit, by in ((county.department, handler), (county.other_department, other)):
        app = register(unit, by, received="2026-11-20")
        actions.extend(app, by=None, days=20, reason="需调取档案", approver_name="王主任", approved_date="2026-11-24",
                       notice_date="2026-11-24")
    assert Application.objects.filter(due_date_provisional=True).count() == 2  # runs into 2027: no official data
    client.force_login(county.office_admin)
    page = client.get("/staff/applications/").content.decode()
    assert page.count("注意：部分答复期限所在年度尚无国务院放假安排") == 1
