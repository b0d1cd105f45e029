"""The staff calendar page, driven through the test client."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.workdays.calendar import get_calendar
from zhengwu.workdays.models import OfficialYear, WorkdayOverride
from zhengwu.workdays.tests.factories import make_people

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["admin"])
    return client


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/staff/workdays/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_other_staff_get_a_chinese_403_and_cannot_post(client, people):
    client.force_login(people["editor"])
    response = client.get("/staff/workdays/")
    assert response.status_code == 403
    assert "只有公开办管理员可以管理工作日历" in response.content.decode()
    response = client.post(reverse("workdays:add_override"), {"start": "2027-02-08", "kind": "holiday"})
    assert response.status_code == 403
    assert not WorkdayOverride.objects.exists()


def test_admin_enters_a_holiday_period_and_confirms_the_year(admin_client, people):
    page = admin_client.get("/staff/workdays/").content.decode()
    assert "工作日历" in page and "2004–2026年" in page

    response = admin_client.post(reverse("workdays:add_override"), {
        "start": "2027-02-05", "end": "2027-02-11", "kind": "holiday", "note": "春节（示例）"}, follow=True)
    assert "已将2027-02-05至2027-02-11设为休息日" in response.content.decode()
    assert WorkdayOverride.objects.filter(is_workday=False).count() == 7
    assert WorkdayOverride.objects.first().created_by == people["admin"]
    admin_client.post(reverse("workdays:add_override"), {"start": "2027-02-20", "kind": "workday"})
    assert get_calendar().add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 12)

    response = admin_client.post(reverse("workdays:confirm_year"),
                                 {"year": "2027", "source_document": "国务院办公厅关于2027年部分节假日安排的通知"},
                                 follow=True)
    page = response.content.decode()
    assert "已确认2027年的国务院放假安排" in page
    assert "国务院办公厅关于2027年部分节假日安排的通知" in page
    assert not get_calendar().is_provisional(D(2027, 3, 1))

    admin_client.post(reverse("workdays:remove_override", args=["2027-02-20"]), {"reason": "录错"})
    assert not WorkdayOverride.objects.filter(date=D(2027, 2, 20)).exists()
    admin_client.post(reverse("workdays:revoke_year", args=[2027]), {"reason": "重新核对"})
    assert not OfficialYear.objects.exists()
    assert AuditEvent.objects.filter(actor=people["admin"]).exclude(action="login").count() == 7 + 1 + 1 + 1 + 1


@pytest.mark.parametrize(("url", "data", "message"), [
    ("workdays:add_override", {"start": "2027-02-11", "end": "2027-02-05", "kind": "holiday"}, "结束日期不能早于开始日期"),
    ("workdays:add_override", {"start": "2027-02-30", "kind": "holiday"}, "请填写正确的日期"),
    ("workdays:add_override", {"start": "2027-02-08"}, "请选择设为工作日还是休息日"),
    ("workdays:add_override", {"start": "1999-10-01", "kind": "holiday"}, "日期超出工作日历的范围"),
    ("workdays:confirm_year", {"year": "2028"}, "尚未录入2028年的任何放假或调休上班日期"),
    ("workdays:confirm_year", {"year": "2026"}, "2026年的国务院放假安排已内置于系统"),
    ("workdays:confirm_year", {"year": "明年"}, "请填写正确的年度"),
])
def test_bad_form_input_shows_the_message_and_saves_nothing(admin_client, url, data, message):
    response = admin_client.post(reverse(url), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WorkdayOverride.objects.exists()
    assert not OfficialYear.objects.exists()
    assert not AuditEvent.objects.exclude(action="login").exists()  # the staff login itself is audited


def test_revoke_without_reason_is_refused(admin_client, people):
    from zhengwu.workdays import actions

    actions.set_override(by=people["admin"], date=D(2027, 2, 8), is_workday=False)
    actions.confirm_official_year(by=people["admin"], year=2027)
    audit = AuditEvent.objects.count()
    response = admin_client.post(reverse("workdays:revoke_year", args=[2027]), {"reason": " "})
    assert response.status_code == 400  # the page again, the summary in that year's row (decision 1301)
    page = soup(response)
    assert assert_errors_wired(page, first=False) == ["revoke-2027_reason"]
    assert "请填写撤销确认的原因。" in page.find(id="revoke-2027_reason_error").get_text()
    assert OfficialYear.objects.filter(year=2027).exists() and AuditEvent.objects.count() == audit


def test_failed_calendar_forms_say_so_in_the_title(admin_client):
    response = admin_client.post(reverse("workdays:add_override"), {"start": "2027-02-08"})
    assert soup(response).title.string.startswith("错误：")
    assert not soup(admin_client.get(reverse("workdays:index"))).title.string.startswith("错误：")


def test_page_warns_until_the_coming_year_is_confirmed(admin_client, people):
    from django.utils import timezone

    from zhengwu.workdays import actions

    today = timezone.localdate()
    years = get_calendar().provisional_years(today, today + dt.timedelta(days=366))
    assert years, "chinese-calendar 1.11.0 stops at 2026, so the coming year has no official data"
    page = admin_client.get("/staff/workdays/").content.decode()
    assert f"警告：{'、'.join(f'{y}年' for y in years)}尚无国务院放假安排数据，结果为暂定" in page
    for year in years:
        actions.set_override(by=people["admin"], date=D(year, 1, 1), is_workday=False, note="元旦")
        actions.confirm_official_year(by=people["admin"], year=year)
    assert "警告：" not in admin_client.get("/staff/workdays/").content.decode()


def test_provisional_banner_tag_for_a_case_range(people, rf):
    from django.template import Context, Template

    template = Template("{% load workdays %}{% provisional_banner start end %}")
    request = rf.get("/")
    request.user = people["admin"]
    official = template.render(Context({"request": request, "start": D(2025, 9, 30), "end": D(2025, 11, 4)}))
    assert official.strip() == ""
    provisional = template.render(Context({"request": request, "start": D(2026, 12, 18), "end": D(2027, 1, 18)}))
    assert "警告：2027年尚无国务院放假安排数据，结果为暂定" in provisional
    assert 'href="/staff/workdays/"' in provisional
    request.user = people["editor"]
    assert 'href="/staff/workdays/"' not in template.render(
        Context({"request": request, "start": D(2026, 12, 18), "end": D(2027, 1, 18)}))
