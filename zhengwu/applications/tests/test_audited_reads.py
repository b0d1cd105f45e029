"""Audited reads (等保2.0 安全审计): a staff member shown an applicant's unmasked identity, and every export."""
from __future__ import annotations

import pytest

from zhengwu.applications import actions, letters
from zhengwu.audit.models import AuditEvent
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user

from .factories import id_number, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(county):
    return make_user("jyj_jbr", county.department, Role.HANDLER)


def _views(app):
    return AuditEvent.objects.filter(action="application_identity_view", target_id=str(app.pk))


def test_the_case_page_and_the_api_log_who_saw_the_identity(client, county, handler):
    app = register(county.department, handler)
    client.force_login(county.other_reviewer)
    assert client.get(f"/staff/applications/{app.pk}/").status_code == 404
    assert not _views(app).exists()
    client.force_login(handler)
    client.get(f"/staff/applications/{app.pk}/")
    client.get(f"/api/v1/applications/{app.pk}")
    events = list(_views(app).order_by("seq"))
    assert [e.after["where"] for e in events] == ["案件页", "工作人员接口"]
    assert all(e.actor == handler and e.unit == county.department for e in events)
    assert id_number() not in str([(e.before, e.after, e.reason, e.target_repr) for e in events])


def test_exports_are_logged(client, county, handler):
    app = register(county.department, handler)
    register(county.department, handler, id_number=id_number("43040219900101123"))
    actions.close(app, by=handler, outcome="granted", reply_date="2026-03-10")
    letter = letters.issue(app, by=handler, kind="reply", date="2026-03-10")
    client.force_login(handler)
    client.get("/staff/applications/export.csv")
    csv_event = AuditEvent.objects.get(action="application_export")
    assert csv_event.after == {"format": "csv", "rows": 2} and csv_event.actor == handler
    client.get(f"/staff/applications/{app.pk}/letters/{letter.pk}/?format=docx")
    letter_event = AuditEvent.objects.get(action="application_letter_export")
    assert letter_event.after == {"letter": letter.number, "format": "docx"}
    client.get(f"/staff/applications/{app.pk}/letters/{letter.pk}/")  # the HTML page is not an export
    assert AuditEvent.objects.filter(action="application_letter_export").count() == 1


def test_annual_report_downloads_are_logged(client, county):
    client.force_login(county.office_admin)
    response = client.get(f"/staff/reports/2025/{county.department.code}/report.xlsx")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="report_export")
    assert event.after == {"year": 2025, "format": "xlsx"} and event.unit == county.department


def test_a_message_writer_shown_to_the_dispatcher_is_logged(client, county):
    from zhengwu.interaction.tests.factories import letter

    msg = letter()
    client.force_login(county.office_admin)
    assert "13912345678" in client.get(f"/staff/interaction/{msg.pk}/").content.decode()
    event = AuditEvent.objects.get(action="message_identity_view", target_id=str(msg.pk))
    assert event.actor == county.office_admin and "13912345678" not in str(event.after)
