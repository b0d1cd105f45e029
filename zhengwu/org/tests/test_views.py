"""Unit public information (条例第二十条第（二）项) edited by the 公开办, audited."""
from __future__ import annotations

import pytest
from django.urls import reverse

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure.models import Record
from zhengwu.org import credit_code
from zhengwu.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The default PBKDF2 costs about a second per test user on a busy 2-core runner."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def text(response) -> str:
    return response.content.decode()


def test_office_admin_edits_unit_public_info(client, county):
    unit = county.department
    url = reverse("staff:unit_edit", args=[unit.pk])
    client.force_login(county.editor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"leader_name": "篡改"}).status_code == 403

    client.force_login(county.office_admin)
    assert unit.name in text(client.get("/staff/units/"))
    good = credit_code.make("11430000999999990")
    form = {"functions": "负责全县教育工作。", "leader_name": "李四", "address": "县城教育路2号",
            "office_hours": "工作日 8:00-12:00", "phone": "0745-7654321", "email": "jyj@example.gov.cn",
            "postcode": "418000", "credit_code": good.lower(), "reason": "负责人调整"}
    bad = dict(form, credit_code="12345", postcode="41800X", leader_name="<b>李四</b>")
    response = client.post(url, bad)
    assert response.status_code == 400
    page = text(response)
    assert "统一社会信用代码格式或校验位不正确" in page and "邮政编码应为6位数字" in page
    assert "不能包含 HTML 标签" in page
    unit.refresh_from_db()
    assert unit.leader_name == "王某" and not AuditEvent.objects.filter(action="unit_update").exists()

    taken = dict(form, credit_code=county.other_department.credit_code)
    assert "已被其他单位使用" in text(client.post(url, taken))

    response = client.post(url, form, follow=True)
    assert "已保存" in text(response)
    unit.refresh_from_db()
    assert (unit.leader_name, unit.credit_code, unit.functions) == ("李四", good, "负责全县教育工作。")
    event = AuditEvent.objects.get(action="unit_update")
    assert event.before["leader_name"] == "王某" and event.after["leader_name"] == "李四"
    assert event.reason == "负责人调整" and event.actor == county.office_admin
    assert "修改单位信息" in text(response) and "负责人：王某 → 李四" in text(response)


def test_records_flow_keeps_unit_untouched_by_non_admin_actions(county):
    """update_unit_info refuses anyone but the 公开办 and changes nothing."""
    from django.core.exceptions import PermissionDenied

    from zhengwu.org import actions as org_actions

    with pytest.raises(PermissionDenied):
        org_actions.update_unit_info(county.department, by=county.reviewer, leader_name="张三")
    assert Unit.objects.get(pk=county.department.pk).leader_name == "王某"
    assert Record.objects.count() == 0
