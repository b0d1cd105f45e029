"""The record page's action and attachment forms on the form pattern (docs/decisions/1301-form-pattern.md): a bad
退回, 撤下 or 上传 is the record page again at 400 with the error summary in that form, 错误： in the title — and the
record as it was, nothing audited, nothing stored."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup
from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Record

from .factories import make_published, make_record

pytestmark = pytest.mark.django_db


def test_reject_without_a_comment_keeps_the_record_in_review(client, county):
    record = make_record(county.department, by=county.editor)
    actions.submit(record, by=county.editor)
    client.force_login(county.reviewer)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/records/{record.pk}/do/reject/", {"reject-comment": ""})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == ["id_reject-comment"]
    assert page.select_one("form[action$='/do/reject/'] #error-summary") is not None
    assert "退回时请填写退回意见。" in page.find(id="id_reject-comment_error").get_text()
    record.refresh_from_db()
    assert record.status == Record.Status.UNIT_REVIEW and AuditEvent.objects.count() == audit


def test_a_reason_left_blank_is_on_the_unpublish_form(client, county):
    record = make_published(county.department)
    client.force_login(county.reviewer)
    audit = AuditEvent.objects.count()
    r = client.post(f"/staff/records/{record.pk}/do/unpublish/", {"unpublish-reason": "  "})
    assert r.status_code == 400 and "<title>错误：" in r.content.decode()
    page = soup(r)
    assert assert_errors_wired(page, first=False) == ["id_unpublish-reason"]
    assert page.select_one("form[action$='/do/unpublish/'] #error-summary") is not None
    record.refresh_from_db()
    assert record.status == Record.Status.PUBLISHED and AuditEvent.objects.count() == audit


def test_the_actions_refusal_lands_on_its_field(client, county):
    """The form was fine; the action refused (an image on a 文字 interpretation): the message on the image box."""
    from .test_attachments_manage import image_bytes

    record = make_record(county.department, by=county.editor)
    client.force_login(county.editor)
    r = client.post(f"/staff/records/{record.pk}/do/interpretation/", {
        "interp-form": "text", "interp-title": "文字解读", "interp-schedule": "on",
        "interp-image": SimpleUploadedFile("图.png", image_bytes())})
    assert r.status_code == 400
    page = soup(r)
    assert assert_errors_wired(page, first=False) == ["id_interp-image"]
    assert "只有“图文/图解”形式的解读可以上传图片" in page.find(id="id_interp-image_error").get_text()
    assert not record.interpretations.exists()


def test_a_refused_upload_is_shown_at_the_upload_box_and_stores_nothing(client, county):
    record = make_record(county.department, by=county.editor)
    client.force_login(county.editor)
    r = client.post(f"/staff/records/{record.pk}/attachments/",
                    {"files": SimpleUploadedFile("程序.exe", b"MZ")})
    assert r.status_code == 400
    page = soup(r)
    [target] = assert_errors_wired(page, first=False)
    assert "附件“程序.exe”的类型不允许上传" in page.find(id=f"{target}_error").get_text()
    assert not record.attachments.exists() and not AuditEvent.objects.filter(action="attachment_add").exists()
