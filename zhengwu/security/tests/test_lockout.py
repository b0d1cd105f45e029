"""Login lockout (django-axes) on every login entry, audited; unlock by command; password rules."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhengwu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ENTRIES = {"staff": "/staff/login/", "cms": "/cms/login/", "django-admin": "/django-admin/login/"}
RIGHT = "zhengwu-test-pass"


def _login(client, url, password, username="jyj_xxy"):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_ten_wrong_passwords_lock_the_account(client, county, entry):
    county.editor.is_staff = county.editor.is_superuser = True  # may use /cms/ and /django-admin/
    county.editor.save()
    url = ENTRIES[entry]
    for _ in range(10):
        _login(client, url, "wrong-password")
    response = _login(client, url, RIGHT)
    assert response.status_code == 403
    assert "账号已暂时锁定" in response.content.decode() and "15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", after__username="jyj_xxy").count() >= 5
    assert AuditEvent.objects.filter(action="login_lockout").exists()


def test_lockout_is_per_account_from_any_address(county):
    from django.test import Client

    for n in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{n}").post("/staff/login/", {"username": "jyj_xxy", "password": "x"})
    response = Client(REMOTE_ADDR="198.51.100.99").post("/staff/login/", {"username": "jyj_xxy", "password": RIGHT})
    assert response.status_code == 403


def test_lockout_is_per_address_across_accounts(county):
    from django.test import Client

    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        attacker.post("/staff/login/", {"username": f"guess{n}", "password": "x"})
    assert attacker.post("/staff/login/", {"username": "jyj_shy", "password": RIGHT}).status_code == 403
    other = Client(REMOTE_ADDR="203.0.113.6")
    assert other.post("/staff/login/", {"username": "jyj_shy", "password": RIGHT}).status_code == 302


def test_unlock_command_lifts_the_lockout_and_is_audited(client, county):
    for _ in range(5):
        _login(client, "/staff/login/", "wrong-password")
    assert _login(client, "/staff/login/", RIGHT).status_code == 403
    call_command("security", "unlock", "--username", "jyj_xxy", "--reason", "已电话核实本人", "--by", "张安全")
    call_command("security", "unlock", "--ip", "127.0.0.1", "--reason", "已电话核实本人")
    response = _login(client, "/staff/login/", RIGHT)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="login_unlock", after__username="jyj_xxy").get()
    assert event.reason == "已电话核实本人" and "张安全" in event.actor_name
    assert AuditEvent.objects.filter(action="login", actor=county.editor).exists()


def test_success_and_logout_are_audited(client, county):
    assert _login(client, "/staff/login/", RIGHT).status_code == 302
    client.post("/staff/logout/")
    assert AuditEvent.objects.filter(action="logout", actor=county.editor).exists()


def test_password_rules():
    user = get_user_model()(username="zhengwu")
    with pytest.raises(ValidationError):
        validate_password("zhengwu2025", user)
    with pytest.raises(ValidationError) as exc:
        validate_password("abcdefghijkl", get_user_model()(username="someone"))
    assert any("类" in m for m in exc.value.messages)
    validate_password("Gov-Open#2026x", get_user_model()(username="someone"))
