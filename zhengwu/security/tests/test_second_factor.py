"""TOTP second factor: required by role and for /cms/ and /django-admin/, optional for other staff; QR enrolment,
backup codes, the 安全管理员's reset; every step audited. Password age. Logins go through the real pages here."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengwu.audit.labels import action_label
from zhengwu.audit.models import AuditEvent
from zhengwu.org.tests.factories import make_user
from zhengwu.security import policy, second_factor
from zhengwu.security.models import PasswordRecord
from zhengwu.security.tests.helpers import mark_session_verified

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]
PASSWORD = "zhengwu-test-pass"


def login(username: str, next_url: str = "/staff/") -> Client:
    client = Client()
    response = client.post("/staff/login/", {"username": username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/staff/account/2fa/setup/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    response = client.post("/staff/account/2fa/setup/", {"token": code_for(device)})
    codes = re.findall(r"<code>([a-z2-7]+)</code>", response.content.decode())
    return device, codes


def test_policy_keys_on_the_role_setting(county, settings):
    assert policy.requires_second_factor(county.office_admin)
    assert not policy.requires_second_factor(county.editor)
    assert policy.requires_second_factor(make_user("root", superuser=True))
    settings.ZHENGWU_SECOND_FACTOR_ROLES = ["editor"]  # a role added later plugs in by its code
    county.editor._zhengwu_roles = None
    assert policy.requires_second_factor(county.editor)


def test_default_roles_are_the_three_administrators_and_the_office_admin():
    from zhengwu import settings as project_settings

    assert set(project_settings.ZHENGWU_SECOND_FACTOR_ROLES) == {"sys_admin", "security_admin", "audit_admin",
                                                                  "office_admin"}


def test_office_admin_must_enrol_before_any_staff_page_then_verify_at_every_login(county):
    client = login("gkb")
    for url in ("/staff/", "/staff/records/", "/staff/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/staff/account/2fa/setup/")
    assert client.get("/api/v1/applications").status_code == 401  # no staff API before the code
    assert client.get("/api/v1/documents").status_code == 200  # the public API stays open
    device, codes = enrol(client)
    assert len(codes) == 10 and device.__class__.objects.get(pk=device.pk).confirmed
    assert client.get("/staff/").status_code == 200

    again = login("gkb", "/staff/records/")
    response = again.get("/staff/records/")
    assert response["Location"].startswith("/staff/account/2fa/verify/?next=/staff/records/")
    wrong = again.post("/staff/account/2fa/verify/", {"token": "000000", "next": "/staff/records/"})
    assert "验证码不正确" in wrong.content.decode() and again.get("/staff/").status_code == 302
    throttled = again.post("/staff/account/2fa/verify/", {"token": code_for(device, 1)})
    assert "请等待几秒" in throttled.content.decode()  # django-otp doubles the wait after each wrong code
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        ok = again.post("/staff/account/2fa/verify/", {"token": code_for(device, 1), "next": "/staff/records/"})
        assert ok.status_code == 302 and ok["Location"] == "/staff/records/"
        assert again.get("/staff/records/").status_code == 200
    actions = set(AuditEvent.objects.filter(actor=county.office_admin).values_list("action", flat=True))
    assert {"otp_enrolled", "otp_failed", "login"} <= actions


def test_backup_code_works_once_and_is_audited(county):
    client = login("gkb")
    _device, codes = enrol(client)
    first = login("gkb")
    assert first.post("/staff/account/2fa/verify/", {"token": codes[0].upper()}).status_code == 302
    assert first.get("/staff/").status_code == 200
    event = AuditEvent.objects.get(action="otp_backup_used")
    assert event.after["left"] == 9 and event.actor == county.office_admin
    second = login("gkb")
    second.post("/staff/account/2fa/verify/", {"token": codes[0]})
    assert second.get("/staff/").status_code == 302


def test_password_alone_cannot_bind_a_new_phone(county):
    enrol(login("gkb"))
    thief = login("gkb")  # knows the password, not the phone
    response = thief.get("/staff/account/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/account/2fa/verify/")
    assert thief.post("/staff/account/2fa/setup/", {"token": "123456"})["Location"].startswith(
        "/staff/account/2fa/verify/")
    assert TOTPDevice.objects.filter(user=county.office_admin, confirmed=False).count() == 0


def test_regenerated_backup_codes_replace_the_old_ones(county):
    client = login("gkb")
    _device, old = enrol(client)
    response = client.post("/staff/account/backup-codes/")
    new = re.findall(r"<code>([a-z2-7]+)</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEvent.objects.filter(action="otp_backup_codes", actor=county.office_admin).exists()
    stale = login("gkb")
    assert "验证码不正确" in stale.post("/staff/account/2fa/verify/", {"token": old[0]}).content.decode()


def test_wrong_code_at_enrolment_keeps_the_device_unconfirmed(county):
    client = login("gkb")
    client.get("/staff/account/2fa/setup/")
    response = client.post("/staff/account/2fa/setup/", {"token": "123"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=county.office_admin, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302


def test_other_staff_may_enrol_and_remove(county):
    client = login("jyj_xxy")
    assert client.get("/staff/").status_code == 200  # optional: no second factor asked
    assert "未开启（可选）" in client.get("/staff/account/").content.decode()
    enrol(client)
    assert login("jyj_xxy").get("/staff/")["Location"].startswith("/staff/account/2fa/verify/")
    assert client.post("/staff/account/remove-2fa/").status_code == 302
    assert login("jyj_xxy").get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="otp_removed", actor=county.editor).exists()


def test_required_roles_cannot_remove(county):
    client = login("gkb")
    enrol(client)
    response = client.post("/staff/account/remove-2fa/")
    assert response.status_code == 403 and "不能关闭" in response.content.decode()
    assert second_factor.has_totp(county.office_admin)


@pytest.mark.parametrize("prefix", ["/cms/", "/django-admin/"])
def test_admin_front_ends_need_the_second_factor_for_anyone(county, prefix):
    county.editor.is_staff = True  # may use the admin, though 信息员 need no second factor on /staff/
    county.editor.save()
    client = login("jyj_xxy")
    assert client.get("/staff/").status_code == 200
    response = client.get(prefix)
    assert response.status_code == 302 and response["Location"] == f"/staff/account/2fa/setup/?next={prefix}"
    enrol(client)
    after = client.get(prefix)
    assert not after.get("Location", "").startswith("/staff/account/2fa/")


def test_security_admin_resets_a_lost_phone(county):
    client = login("gkb")
    enrol(client)
    # A superuser stands in until zhengwu.org has the 安全管理员 role (policy.SECURITY_ADMIN_ROLE, issue 10 item 4).
    security = make_user("aqgly", superuser=True)
    admin = Client()
    admin.force_login(security)
    session = admin.session
    mark_session_verified(session, security)
    session.save()
    assert admin.post("/staff/account/reset-2fa/", {"username": "gkb", "reason": ""}).status_code == 200
    response = admin.post("/staff/account/reset-2fa/", {"username": "gkb", "reason": "已当面核实，手机丢失"})
    assert response.status_code == 302
    assert not second_factor.has_totp(county.office_admin)
    event = AuditEvent.objects.get(action="otp_reset")
    assert event.reason == "已当面核实，手机丢失" and event.actor == security
    assert login("gkb").get("/staff/")["Location"].startswith("/staff/account/2fa/setup/")


def test_reset_page_is_for_the_security_admin_only(county):
    client = login("jyj_xxy")
    assert client.get("/staff/account/reset-2fa/").status_code == 403


def test_reset_command(county):
    enrol(login("gkb"))
    call_command("security", "reset-2fa", "--username", "gkb", "--reason", "手机丢失，已核实", "--by", "张安全",
                 stdout=io.StringIO())
    assert not second_factor.has_totp(county.office_admin)
    assert "张安全" in AuditEvent.objects.get(action="otp_reset").actor_name


def test_every_2fa_event_has_a_chinese_label():
    for code in ("otp_enrolled", "otp_removed", "otp_reset", "otp_failed", "otp_backup_used", "otp_backup_codes",
                 "password_changed"):
        assert action_label(code) != code


def test_demo_codes_log_in_and_come_only_from_load_demo(county):
    from zhengwu.importer.management.commands.demo_login import demo_codes

    assert demo_codes() == {}  # nothing but load_demo creates the demo-only device
    from zhengwu.importer.demo import Demo

    demo = Demo(today=timezone.localdate())
    demo.users = {"gkb": county.office_admin, "jyj_xxy": county.editor}
    demo.build_demo_codes()
    codes = demo_codes()
    assert set(codes) == {"gkb"}
    client = login("gkb")
    assert client.get("/staff/")["Location"].startswith("/staff/account/2fa/verify/")
    assert client.post("/staff/account/2fa/verify/", {"token": codes["gkb"]}).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert demo_codes()["gkb"] != codes["gkb"]


# --- password age ------------------------------------------------------------------------------------------------

def test_password_change_date_is_recorded(county, settings):
    settings.ZHENGWU_PASSWORD_MAX_AGE_DAYS = 90
    user = county.editor
    assert not PasswordRecord.objects.filter(user=user).exists()  # new account: counts from date_joined
    with time_machine.travel(timezone.now() + dt.timedelta(days=200)):
        from zhengwu.security.passwords import password_expired

        assert password_expired(user)
        user.set_password("Xin-Mima-2026!")
        user.save()
        record = PasswordRecord.objects.get(user=user)
        assert timezone.now() - record.changed_at < dt.timedelta(minutes=5)
        assert not password_expired(user)


def test_old_password_must_be_changed_after_login(county, settings):
    settings.ZHENGWU_PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        client = login("jyj_xxy")
        response = client.get("/staff/records/")
        assert response.status_code == 302 and response["Location"].startswith("/staff/account/password/")
        page = client.get("/staff/account/password/")
        assert "超过规定期限" in page.content.decode()
        new = "Xin-Mima-2026!"
        done = client.post("/staff/account/password/", {"old_password": PASSWORD, "new_password1": new,
                                                        "new_password2": new, "next": "/staff/records/"})
        assert done.status_code == 302 and done["Location"] == "/staff/records/"
        assert client.get("/staff/records/").status_code == 200
        assert PasswordRecord.objects.get(user=county.editor).changed_at > timezone.now() - dt.timedelta(minutes=5)
    assert AuditEvent.objects.filter(action="password_changed", actor=county.editor).exists()


def test_password_age_zero_turns_the_rule_off(county, settings):
    settings.ZHENGWU_PASSWORD_MAX_AGE_DAYS = 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=900)):
        assert login("jyj_xxy").get("/staff/records/").status_code == 200

