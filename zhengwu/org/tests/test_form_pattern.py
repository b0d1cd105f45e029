"""账号管理's 撤销/停用 and 登录安全's 强制下线 on the form pattern (docs/decisions/1301-form-pattern.md): a rule's
refusal or a bad reason is the page again at 400 with the message in the error summary (no 403 page, no flash
message) — and nothing changed, nothing audited."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.org.models import Membership, Role
from zhengwu.org.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(county):
    return make_user("xtgly", county.government, Role.SYSADMIN)


def refusal(response) -> str:
    assert response.status_code == 400
    page = soup(response)
    assert_errors_wired(page, first=False)
    return page.select_one("#error-summary").get_text()


def test_revoking_ones_own_sysadmin_role_is_refused_in_the_summary(client, sysadmin):
    client.force_login(sysadmin)
    membership = Membership.objects.get(user=sysadmin, role=Role.SYSADMIN)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/accounts/{sysadmin.pk}/revoke/{membership.pk}/", {"reason": "调岗"})
    assert "不能撤销自己的系统管理员角色" in refusal(r)
    assert soup(r).select_one(f"form[action$='/revoke/{membership.pk}/'] #error-summary") is not None  # in its row
    assert Membership.objects.filter(pk=membership.pk).exists() and AuditEvent.objects.count() == audit


def test_deactivating_oneself_and_a_too_long_reason_are_refused(client, county, sysadmin):
    client.force_login(sysadmin)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/accounts/{sysadmin.pk}/active/", {"active": "0", "reason": "离职"})
    assert "不能停用自己的账号" in refusal(r)
    r = client.post(f"/staff/accounts/{county.editor.pk}/active/", {"active": "0", "reason": "离" * 201})
    summary = refusal(r)
    assert "理由不能超过200个字（现有201个）。" in summary
    assert soup(r).select_one("#error-summary a")["href"] == "#active-reason"
    membership = Membership.objects.filter(user=county.editor).first()
    r = client.post(f"/staff/accounts/{county.editor.pk}/revoke/{membership.pk}/", {"reason": "调" * 201})
    assert soup(r).select_one("#error-summary a")["href"] == f"#revoke-{membership.pk}_reason"
    assert get_user_model().objects.get(pk=sysadmin.pk).is_active
    assert get_user_model().objects.get(pk=county.editor.pk).is_active
    assert Membership.objects.filter(pk=membership.pk).exists() and AuditEvent.objects.count() == audit


def test_a_too_long_end_sessions_reason_ends_nothing(client, county):
    editor = Client()
    editor.force_login(county.editor)
    client.force_login(make_user("aqgly", county.government, Role.SECURITY_ADMIN))
    r = client.post(f"/staff/security/sessions/{county.editor.pk}/end/", {"reason": "泄" * 201})
    assert "理由不能超过200个字（现有201个）。" in refusal(r)
    assert soup(r).select_one("#error-summary a")["href"] == f"#end-{county.editor.pk}_reason"
    assert editor.get("/staff/").status_code == 200  # still logged in
    assert not AuditEvent.objects.filter(action="session_end").exists()
