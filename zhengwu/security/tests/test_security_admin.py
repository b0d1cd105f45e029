"""The 安全管理员's page: lockouts seen and lifted, sessions seen and ended — each audited."""
from __future__ import annotations

import pytest
from django.test import Client

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(county):
    return make_user("aqgly", county.government, Role.SECURITY_ADMIN)


def test_a_lockout_is_listed_and_lifted(client, county, security_admin):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        attacker.post("/staff/login/", {"username": "jyj_xxy", "password": "wrong"})
    assert attacker.post("/staff/login/", {"username": "jyj_xxy", "password": "zhengwu-test-pass"}).status_code == 403
    client.force_login(security_admin)
    page = client.get("/staff/security/").content.decode()
    assert "jyj_xxy" in page and "已锁定" in page
    refused = client.post("/staff/security/unlock/", {"username": "jyj_xxy", "ip": "203.0.113.7", "reason": " "})
    assert refused.status_code == 400  # the page again, the summary in that row (decision 1301)
    page = soup(refused)
    [target] = assert_errors_wired(page, first=False)
    assert target.startswith("unlock-") and "请填写解锁理由" in page.find(id=f"{target}_error").get_text()
    assert not AuditEvent.objects.filter(action="login_unlock").exists()
    refused = client.post("/staff/security/unlock/", {"username": "jyj_xxy", "reason": ""}, follow=True)
    assert "请填写解锁理由" in refused.content.decode()  # no such row: the message on the page it goes back to
    client.post("/staff/security/unlock/", {"username": "jyj_xxy", "ip": "203.0.113.7", "reason": "电话核实本人"})
    assert attacker.post("/staff/login/", {"username": "jyj_xxy", "password": "zhengwu-test-pass"}).status_code == 302
    event = AuditEvent.objects.get(action="login_unlock")
    assert event.actor == security_admin and event.reason == "电话核实本人"


def test_sessions_are_listed_and_ended(client, county, security_admin):
    editor = Client()
    editor.force_login(county.editor)
    assert editor.get("/staff/").status_code == 200
    client.force_login(security_admin)
    page = client.get("/staff/security/").content.decode()
    assert "jyj_xxy" in page
    client.post(f"/staff/security/sessions/{county.editor.pk}/end/", {"reason": "账号疑似泄露"})
    assert editor.get("/staff/").status_code == 302  # logged out
    event = AuditEvent.objects.get(action="session_end")
    assert event.after["sessions"] == 1 and event.reason == "账号疑似泄露"


def test_others_cannot_unlock(client, county):
    client.force_login(county.office_admin)
    assert client.post("/staff/security/unlock/", {"username": "x", "reason": "y"}).status_code == 403
    assert not AuditEvent.objects.filter(action="login_unlock").exists()
