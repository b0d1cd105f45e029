"""Staff login, dashboards per role, the audit log and the menu."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengwu.disclosure import actions
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.org.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The default PBKDF2 costs about a second per test user on a busy 2-core runner."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def text(response) -> str:
    return response.content.decode()


def test_anonymous_goes_to_chinese_login_and_non_staff_gets_403(client, county):
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    page = text(client.get("/staff/login/"))
    assert "工作人员登录" in page and "用户名" in page and 'lang="zh-CN"' in page
    make_user("nobody")
    client.post("/staff/login/", {"username": "nobody", "password": "zhengwu-test-pass"})
    response = client.get("/staff/")
    assert response.status_code == 403 and "没有工作台权限" in text(response)
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_dashboards_per_role(client, county):
    draft = make_record(county.department, by=county.editor, title="教育局草稿")
    queued = make_record(county.department, by=county.editor, title="教育局待审")
    actions.submit(queued, by=county.editor)
    at_office = make_record(county.other_department, title="财政局待公开办审核")
    actions.submit(at_office, by=None)
    actions.record_secrecy_review(at_office, by=None, opinion="不涉密。")
    actions.approve(at_office, by=None)
    make_published(county.department, title="教育局已发布", categories=(11, 5))

    client.force_login(county.editor)
    page = text(client.get("/staff/"))
    assert draft.title in page and queued.title in page and at_office.title not in page
    assert "公开情况统计" not in page

    client.force_login(county.reviewer)
    page = text(client.get("/staff/"))
    assert "待单位审核" in page and "待保密审查" in page and queued.title in page
    assert at_office.title not in page

    client.force_login(county.office_admin)
    page = text(client.get("/staff/"))
    assert "待公开办审核" in page and at_office.title in page
    assert "示范县财政局" in page and "城关镇人民政府" in page  # all units in the counts table

    client.force_login(county.leader)
    response = client.get("/staff/")
    page = text(response)
    assert "公开情况统计（只读）" in page
    assert "<strong>1</strong>本月发布" in page
    assert "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况" in page
    assert 'method="post"' not in page.replace('method="post" action="/staff/logout/"', "")
    assert draft.title not in page  # counts only, no other unit's drafts


def test_leader_sees_overdue_reviews(client, county):
    stuck = make_record(county.department, title="积压的通知")
    actions.submit(stuck, by=None)
    stuck.reviews.update(at=timezone.now() - dt.timedelta(days=30))
    client.force_login(county.leader)
    page = text(client.get("/staff/"))
    assert "审核超期的信息" in page and "积压的通知" in page
    assert reverse("disclosure:detail", args=[stuck.pk]) not in page  # no links into other units' work


def test_audit_log_filters(client, county):
    import time_machine

    with time_machine.travel(timezone.now() - dt.timedelta(days=10), tick=False):  # the log is append-only
        make_record(county.other_department, by=county.other_editor, title="财政局通知")
    record = make_record(county.department, by=county.editor, title="教育局通知")
    actions.submit(record, by=county.editor)
    client.force_login(county.office_admin)

    def shown(**params):
        page = text(client.get("/staff/audit/", params))
        return {t for t in ("教育局通知", "财政局通知") if t in page}, page

    assert shown()[0] == {"教育局通知", "财政局通知"}
    assert shown(unit=county.other_department.pk)[0] == {"财政局通知"}
    found, page = shown(action="submit")
    assert found == {"教育局通知"} and "共 1 条记录" in page
    today = timezone.localdate().isoformat()
    assert shown(date_from=today)[0] == {"教育局通知"}
    earlier = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    assert shown(date_to=earlier)[0] == {"财政局通知"}
    response = client.get("/staff/audit/", {"date_from": today, "date_to": earlier})
    assert response.status_code == 400 and "起始日期不能晚于截止日期" in text(response)
    response = client.get("/staff/audit/", {"target_type": "disclosure.record", "target_id": record.pk})
    assert "提交审核" in text(response) and "财政局通知" not in text(response)


def test_navigation_links_other_staff_apps_that_exist(client, county):
    client.force_login(county.editor)
    page = text(client.get("/staff/"))
    assert 'href="/staff/records/"' in page and "单位管理" not in page
    assert 'href="/staff/reports/"' in page  # the reports app mounts a dashboard
    client.force_login(county.office_admin)
    page = text(client.get("/staff/"))
    assert 'href="/staff/units/"' in page and 'href="/staff/audit/"' in page


def test_cross_unit_refusal_is_a_staff_page_not_the_public_404(client, county):
    """Issue 11 item 17: another unit's draft or case shows the workbench's 无权访问 page (staff base template,
    still 404 so that its existence is not revealed), never the portal's "可以依法申请…" page."""
    from zhengwu.applications.tests.factories import register

    draft = make_record(county.department, by=county.editor, title="教育局内部草稿")
    case = register(county.department)
    client.force_login(county.other_editor)
    for url in (reverse("disclosure:detail", args=[draft.pk]), f"/staff/applications/{case.pk}/",
                reverse("disclosure:detail", args=[999999])):
        response = client.get(url)
        page = text(response)
        assert response.status_code == 404, url
        assert "无权访问" in page and "政务公开工作台" in page and "可以依法申请" not in page, url
        assert draft.title not in page
