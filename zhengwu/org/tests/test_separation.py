"""三员分立 (等保2.0 三级): 系统管理员, 安全管理员, 审计管理员 are three accounts, none with business data."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhengwu.applications.tests.factories import register
from zhengwu.audit.models import AuditEvent
from zhengwu.org import access, actions
from zhengwu.org.models import SEPARATED_ADMIN_ROLES, TWO_FACTOR_ROLES, Membership, Role
from zhengwu.org.tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Zw-strong-Pass-9"


@pytest.fixture
def admins(county):
    gov = county.government
    return {
        "sys": make_user("xtgly", gov, Role.SYSADMIN),
        "sec": make_user("aqgly", gov, Role.SECURITY_ADMIN),
        "aud": make_user("sjgly", gov, Role.AUDIT_ADMIN),
    }


def test_the_three_roles_are_one_constant_and_need_two_factors():
    assert set(SEPARATED_ADMIN_ROLES) == {"sys_admin", "security_admin", "audit_admin"}
    assert set(TWO_FACTOR_ROLES) == {*SEPARATED_ADMIN_ROLES, Role.OFFICE_ADMIN}


@pytest.mark.parametrize("held, new", [
    (Role.SYSADMIN, Role.AUDIT_ADMIN), (Role.AUDIT_ADMIN, Role.SECURITY_ADMIN), (Role.SECURITY_ADMIN, Role.SYSADMIN),
    (Role.SYSADMIN, Role.OFFICE_ADMIN), (Role.AUDIT_ADMIN, Role.HANDLER), (Role.EDITOR, Role.SECURITY_ADMIN),
])
def test_granting_a_second_incompatible_role_is_refused(county, admins, held, new):
    user = make_user("someone", county.government, held)
    with pytest.raises(ValidationError) as err:
        actions.grant_role(user, role=new, unit=county.government, by=admins["sys"])
    text = "；".join(err.value.messages)
    assert "三员分立" in text and Role(held).label in text and Role(new).label in text
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {held}
    assert not AuditEvent.objects.filter(action="role_grant", target_id=str(user.pk)).exists()


def test_the_database_refuses_two_admin_roles_on_one_account(county):
    user = make_user("someone", county.government, Role.SYSADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, unit=county.government, role=Role.AUDIT_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, unit=county.department, role=Role.SYSADMIN)


def test_grant_and_revoke_are_audited_and_only_the_sysadmin_may(county, admins):
    user = get_user_model().objects.create_user("new_handler")
    with pytest.raises(PermissionDenied):
        actions.grant_role(user, role=Role.HANDLER, unit=county.department, by=county.office_admin)
    membership = actions.grant_role(user, role=Role.HANDLER, unit=county.department, by=admins["sys"],
                                    reason="岗位调整")
    grant = AuditEvent.objects.get(action="role_grant", target_id=str(user.pk))
    assert grant.after == {"role": Role.HANDLER, "unit": county.department.pk} and grant.actor == admins["sys"]
    actions.revoke_role(membership, by=admins["sys"], reason="调离")
    revoke = AuditEvent.objects.get(action="role_revoke", target_id=str(user.pk))
    assert revoke.before["role"] == Role.HANDLER and revoke.reason == "调离"
    assert not Membership.objects.filter(user=user).exists()


def test_business_access_is_not_given_to_the_three(county, admins):
    for admin in admins.values():
        assert not access.is_office_admin(admin)
        assert list(access.visible_units(admin)) == []
    assert access.is_sysadmin(admins["sys"]) and not access.is_sysadmin(admins["aud"])
    assert access.can_read_audit_log(admins["aud"]) and not access.can_read_audit_log(admins["sys"])
    assert access.is_security_admin(admins["sec"]) and not access.is_security_admin(admins["aud"])


def test_each_admin_opens_only_their_own_pages(client, county, admins):
    app = register(county.department)
    pages = {"/staff/accounts/": "sys", "/staff/security/": "sec", "/staff/audit/": "aud"}
    for who, user in admins.items():
        client.force_login(user)
        for url, owner in pages.items():
            assert client.get(url).status_code == (200 if owner == who else 403), (who, url)
        assert client.get(f"/staff/applications/{app.pk}/").status_code == 404, who
        assert app.serial not in client.get("/staff/applications/").content.decode(), who
        assert client.get("/staff/units/").status_code == 403, who
        page = client.get("/staff/").content.decode()
        assert "/staff/records/" not in page, who  # no business entries in the menu


def test_audit_admin_reads_every_unit(client, county, admins):
    register(county.department)
    register(county.other_department)
    client.force_login(admins["aud"])
    page = client.get("/staff/audit/").content.decode()
    assert county.department.display_name in page and county.other_department.display_name in page
    verified = client.get("/staff/audit/", {"verify": "1"}).content.decode()
    assert "核对通过" in verified


def test_sysadmin_pages_create_an_account_and_grant_a_role(client, county, admins):
    client.force_login(admins["sys"])
    response = client.post("/staff/accounts/", {"username": "zhangsan", "full_name": "张三", "password": PASSWORD})
    user = get_user_model().objects.get(username="zhangsan")
    assert response.status_code == 302 and user.check_password(PASSWORD)
    weak = client.post("/staff/accounts/", {"username": "lisi", "full_name": "李四", "password": "lisi2025"})
    assert weak.status_code == 400 and not get_user_model().objects.filter(username="lisi").exists()
    client.post(f"/staff/accounts/{user.pk}/", {"unit": county.department.pk, "role": Role.HANDLER})
    assert access.has_role(get_user_model().objects.get(pk=user.pk), county.department, Role.HANDLER)
    refused = client.post(f"/staff/accounts/{user.pk}/", {"unit": county.government.pk, "role": Role.AUDIT_ADMIN})
    assert refused.status_code == 400 and "三员分立" in refused.content.decode()
    membership = Membership.objects.get(user=user)
    client.post(f"/staff/accounts/{user.pk}/revoke/{membership.pk}/", {"reason": "调岗"})
    assert not Membership.objects.filter(user=user).exists()
    client.post(f"/staff/accounts/{user.pk}/active/", {"active": "0", "reason": "离职"})
    assert not get_user_model().objects.get(pk=user.pk).is_active
    codes = set(AuditEvent.objects.filter(target_id=str(user.pk), target_type="auth.user")
                .values_list("action", flat=True))
    assert codes >= {"user_create", "role_grant", "role_revoke", "user_deactivate"}


def test_the_model_check_refuses_what_the_action_refuses(county):
    user = make_user("someone", county.government, Role.AUDIT_ADMIN)
    with pytest.raises(ValidationError, match="三员分立"):
        Membership(user=user, unit=county.department, role=Role.EDITOR).full_clean()
    editor = county.editor
    with pytest.raises(ValidationError, match="三员分立"):
        Membership(user=editor, unit=county.government, role=Role.SECURITY_ADMIN).full_clean()
    Membership(user=editor, unit=county.other_department, role=Role.REVIEWER).full_clean()  # business + business


def test_sysadmin_edits_site_settings_and_the_change_is_audited(client, county, admins):
    from wagtail.models import Site

    from zhengwu.org.models import SiteProfile

    profile = SiteProfile.objects.create(site=Site.objects.get(is_default_site=True), unit=county.government)
    client.force_login(county.office_admin)
    assert client.get(f"/staff/sites/{profile.pk}/").status_code == 403
    client.force_login(admins["sys"])
    assert client.get("/staff/sites/").status_code == 200
    bad = client.post(f"/staff/sites/{profile.pk}/", {"site_code": "43-<b>", "require_office_review": "on"})
    assert bad.status_code == 400 and "网站标识码应为字母和数字" in bad.content.decode()
    client.post(f"/staff/sites/{profile.pk}/", {"site_code": "4311000001", "icp_number": "湘ICP备00000000号",
                                                 "reason": "备案完成"})
    profile.refresh_from_db()
    assert profile.site_code == "4311000001" and profile.require_office_review is False
    event = AuditEvent.objects.get(action="site_update", target_id=str(profile.pk))
    assert event.before["require_office_review"] is True and event.after["site_code"] == "4311000001"
    assert event.actor == admins["sys"]
