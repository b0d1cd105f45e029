"""Removing and replacing attachments, deleting never-published drafts, 图解 images — actions and staff pages."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions
from zhengwu.disclosure.models import Attachment, Interpretation, Record
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.org.models import Role
from zhengwu.org.tests.factories import make_user
from zhengwu.pii import id_check_digit

pytestmark = pytest.mark.django_db

ID_BODY = "43052419800101001"
ID_NUMBER = ID_BODY + id_check_digit(ID_BODY)


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def image_bytes(fmt: str = "PNG", size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def events(record, action: str):
    return AuditEvent.objects.filter(target_type="disclosure.record", target_id=str(record.pk), action=action)


@pytest.fixture
def draft_with_pii_file(county):
    """A draft whose attachment holds an unmasked 身份证号, let through by the 审核员 (override recorded)."""
    record = make_record(county.department, by=county.editor)
    attachment = actions.add_attachment(record, by=county.editor, name="名单.docx",
                                        data=docx_bytes(f"张三 {ID_NUMBER}"))
    actions.override_pii(record, by=county.reviewer, reason="公示须列明。")
    return record, attachment


# --- replace_attachment ---------------------------------------------------------------------------------

def test_replace_attachment_swaps_file_text_and_clears_override(county, draft_with_pii_file,
                                                                django_capture_on_commit_callbacks):
    record, attachment = draft_with_pii_file
    old_name, old_size = attachment.file.name, attachment.size
    new_data = docx_bytes("张三 身份证号已隐去")
    with django_capture_on_commit_callbacks(execute=True):
        replaced = actions.replace_attachment(attachment, by=county.editor, name="名单（去标识化）.docx",
                                              data=new_data)
    assert replaced.pk == attachment.pk
    replaced.refresh_from_db()
    assert (replaced.name, replaced.size, replaced.text) == ("名单（去标识化）.docx", len(new_data), "张三 身份证号已隐去")
    assert replaced.content_type == "docx"
    assert replaced.file.read() == new_data
    assert not replaced.file.storage.exists(old_name)  # the old file left the disk after commit
    assert stored_files() == {replaced.file.name}
    record.refresh_from_db()
    assert record.pii_override_reason == "" and record.pii_override_by is None
    assert actions.pii_findings(record) == []
    event = events(record, "attachment_replace").get()
    assert event.before == {"attachment": "名单.docx", "size": old_size}
    assert event.after == {"attachment": "名单（去标识化）.docx", "size": len(new_data)}
    assert event.actor == county.editor


@pytest.mark.parametrize("name,data,message", [
    ("名单.docx", b"this is not a word file", "无法读取附件“名单.docx”的内容"),
    ("名单.exe", b"MZ\x90\x00", "类型不允许上传"),
    ("空.docx", b"", "是空文件"),
])
def test_bad_replacement_leaves_old_attachment_intact(county, draft_with_pii_file, name, data, message,
                                                      django_capture_on_commit_callbacks):
    record, attachment = draft_with_pii_file
    before = Attachment.objects.values().get(pk=attachment.pk)
    files = stored_files()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        actions.replace_attachment(attachment, by=county.editor, name=name, data=data)
    assert message in " ".join(exc.value.messages)
    assert Attachment.objects.values().get(pk=attachment.pk) == before
    assert stored_files() == files  # old file kept, no new file left behind
    record.refresh_from_db()
    assert record.pii_override_reason == "公示须列明。"
    assert not events(record, "attachment_replace").exists()


def test_replacement_too_large_is_refused(county, draft_with_pii_file, settings):
    _record, attachment = draft_with_pii_file
    settings.ZHENGWU_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        actions.replace_attachment(attachment, by=county.editor, name="大.txt", data=b"x" * 2048)
    assert "单个附件不能超过" in exc.value.messages[0]
    assert Attachment.objects.get(pk=attachment.pk).name == "名单.docx"


def test_replace_and_remove_refused_for_wrong_roles(county, draft_with_pii_file):
    record, attachment = draft_with_pii_file
    for user in (county.other_editor, county.other_reviewer, county.leader):
        with pytest.raises(PermissionDenied, match="您没有修改该信息的权限"):
            actions.replace_attachment(attachment, by=user, name="a.txt", data=b"text")
        with pytest.raises(PermissionDenied, match="您没有修改该信息的权限"):
            actions.remove_attachment(attachment, by=user, reason="不需要")
    actions.submit(record, by=county.editor)
    with pytest.raises(PermissionDenied, match="请先撤回后再修改"):
        actions.replace_attachment(attachment, by=county.editor, name="a.txt", data=b"text")
    with pytest.raises(PermissionDenied, match="请先撤回后再修改"):
        actions.remove_attachment(attachment, by=county.editor, reason="不需要")
    assert Attachment.objects.get(pk=attachment.pk).name == "名单.docx"
    assert not AuditEvent.objects.filter(action__in=["attachment_replace", "attachment_remove"]).exists()


def test_published_record_replacement_by_reviewer_only_and_without_new_pii(county,
                                                                           django_capture_on_commit_callbacks):
    record = make_published(county.department)
    attachment = actions.add_attachment(record, by=county.reviewer, name="通知.txt", data="通知正文".encode())
    with pytest.raises(PermissionDenied, match="已发布的信息只能由审核员修改"):
        actions.replace_attachment(attachment, by=county.editor, name="通知.txt", data="新正文".encode())
    with pytest.raises(ValidationError) as exc:
        actions.replace_attachment(attachment, by=county.reviewer, name="通知.txt",
                                   data=f"联系人身份证 {ID_NUMBER}".encode())
    assert "发现未去标识化的个人信息" in exc.value.messages[0]
    assert ID_NUMBER not in exc.value.messages[0]
    assert Attachment.objects.get(pk=attachment.pk).text == "通知正文"
    with django_capture_on_commit_callbacks(execute=True):
        actions.replace_attachment(attachment, by=county.reviewer, name="通知（修订）.txt", data="新正文".encode())
    assert Attachment.objects.get(pk=attachment.pk).text == "新正文"
    assert len(stored_files()) == 1


def test_published_record_with_overridden_body_can_still_get_a_clean_file(county):
    """Only the new file is checked; what the override let through in the body is listed again."""
    record = make_record(county.department, by=county.editor, body=f"<p>持证人身份证号 {ID_NUMBER}</p>")
    actions.override_pii(record, by=county.reviewer, reason="许可公示须列明。")
    actions.submit(record, by=county.editor)
    actions.record_secrecy_review(record, by=county.reviewer, opinion="不涉密。")
    record = actions.approve(record, by=county.reviewer)
    if record.status != Record.Status.PUBLISHED:
        record = actions.approve(record, by=county.office_admin)
    attachment = actions.add_attachment(record, by=county.reviewer, name="许可.txt", data="许可证".encode())
    actions.override_pii(record, by=county.reviewer, reason="许可公示须列明。")
    actions.replace_attachment(attachment, by=county.reviewer, name="许可.txt", data="许可证（更正）".encode())
    record.refresh_from_db()
    assert record.pii_override_reason == ""
    assert [where for where, _ in actions.pii_findings(record)] == ["正文"]


# --- remove_attachment ----------------------------------------------------------------------------------

def test_remove_attachment_needs_reason_then_deletes_row_and_file_after_commit(
        county, draft_with_pii_file, django_capture_on_commit_callbacks):
    record, attachment = draft_with_pii_file
    with pytest.raises(ValidationError, match="请填写删除附件的理由"):
        actions.remove_attachment(attachment, by=county.editor, reason="  ")
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_attachment(attachment, by=county.editor, reason=f"附件含身份证号 {ID_NUMBER}")
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert stored_files() == set()
    assert actions.pii_findings(record) == []
    event = events(record, "attachment_remove").get()
    assert event.before == {"attachment": "名单.docx", "size": attachment.size}
    assert ID_NUMBER not in event.reason  # the audit log never keeps the number itself
    with pytest.raises(ValidationError, match="该附件不存在或已被删除"):
        actions.remove_attachment(attachment, by=county.editor, reason="再删一次")
    assert stored not in stored_files()


def test_remove_attachment_rolled_back_keeps_the_file(county, draft_with_pii_file,
                                                      django_capture_on_commit_callbacks):
    _record, attachment = draft_with_pii_file
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.remove_attachment(attachment, by=county.editor, reason="测试回滚")
            raise RuntimeError("later step failed")
    assert callbacks == []
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.name in stored_files()


# --- delete_record --------------------------------------------------------------------------------------

def test_delete_never_published_draft(county, django_capture_on_commit_callbacks):
    record = make_record(county.department, by=county.editor, kind=Record.Kind.NORMATIVE)
    actions.add_attachment(record, by=county.editor, name="草稿.docx", data=docx_bytes("草稿正文"))
    actions.add_interpretation(record, by=county.editor, form=Interpretation.Form.GRAPHIC, title="一图读懂",
                               image_name="图解.png", image_data=image_bytes())
    actions.submit(record, by=county.editor)
    actions.reject(record, by=county.reviewer, comment="暂不发布。")  # back to draft, never published
    assert len(stored_files()) == 2
    pk = record.pk
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_record(record, by=county.editor, reason="重复录入")
    assert not Record.objects.filter(pk=pk).exists()
    assert not Attachment.objects.filter(record_id=pk).exists()
    assert not Interpretation.objects.filter(record_id=pk).exists()
    assert stored_files() == set()
    event = AuditEvent.objects.get(action="record_delete", target_id=str(pk))
    assert event.before["title"] == record.title and event.before["status"] == "draft"
    assert event.before["categories"] == [11]
    assert event.before["attachments"] == [{"name": "草稿.docx", "size": event.before["attachments"][0]["size"]}]
    assert event.before["interpretations"] == [{"form": "graphic", "title": "一图读懂"}]
    assert event.reason == "重复录入" and event.actor == county.editor and event.unit == county.department


def test_reviewer_may_delete_own_units_draft(county):
    record = make_record(county.department, by=county.editor)
    actions.delete_record(record, by=county.reviewer)
    assert not Record.objects.filter(pk=record.pk).exists()


def test_delete_refusals_change_nothing(county):
    draft = make_record(county.department, by=county.editor)
    for user in (county.other_editor, county.other_reviewer, county.leader):
        with pytest.raises(PermissionDenied, match="您没有删除该信息的权限"):
            actions.delete_record(draft, by=user)

    published = make_published(county.department, title="已发布的通知")
    with pytest.raises(ValidationError, match="不能删除，只能撤下"):
        actions.delete_record(published, by=county.reviewer)
    actions.unpublish(published, by=county.reviewer, reason="内容过时。")
    with pytest.raises(ValidationError, match="不能删除，只能撤下"):
        actions.delete_record(published, by=county.reviewer)

    imported = make_record(county.department, title="导入的通知",
                           index_number_value=f"{county.department.credit_code}-A/2024-00007")
    with pytest.raises(ValidationError, match="不能删除，只能撤下"):
        actions.delete_record(imported, by=county.editor)

    in_review = make_record(county.department, by=county.editor, title="审核中的通知")
    actions.submit(in_review, by=county.editor)
    with pytest.raises(ValidationError, match="请先撤回"):
        actions.delete_record(in_review, by=county.editor)

    target = make_record(county.department, by=county.editor, title="拟修改的办法", kind=Record.Kind.NORMATIVE)
    amending = make_record(county.department, by=county.editor, title="修改决定", kind=Record.Kind.NORMATIVE)
    actions.add_relation(amending, target, by=county.editor, kind="amends")
    with pytest.raises(ValidationError, match="《修改决定》已登记修改或废止本文件"):
        actions.delete_record(target, by=county.editor)

    assert Record.objects.filter(pk__in=[draft.pk, published.pk, imported.pk, in_review.pk, target.pk]).count() == 5
    assert not AuditEvent.objects.filter(action="record_delete").exists()


# --- 解读 images ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,fmt", [("图解.png", "PNG"), ("图解.jpg", "JPEG"), ("图解.gif", "GIF"),
                                      ("图解.webp", "WEBP")])
def test_graphic_interpretation_with_image(county, name, fmt):
    record = make_record(county.department, by=county.editor)
    data = image_bytes(fmt)
    interp = actions.add_interpretation(record, by=county.editor, form=Interpretation.Form.GRAPHIC,
                                        title="一图读懂春季开学", image_name=name, image_data=data)
    interp.refresh_from_db()
    assert interp.image.read() == data
    assert interp.status == Interpretation.Status.SCHEDULED
    event = AuditEvent.objects.get(action="interpretation_add", target_id=str(interp.pk))
    assert event.after["image"] == name and event.after["size"] == len(data)


def test_interpretation_without_image_unchanged(county):
    record = make_record(county.department, by=county.editor)
    interp = actions.add_interpretation(record, by=county.editor, form=Interpretation.Form.GRAPHIC, title="图文解读")
    assert not interp.image
    assert AuditEvent.objects.get(action="interpretation_add").after == {
        "form": "graphic", "status": "scheduled", "record": record.pk}


@pytest.mark.parametrize("form,name,data,message", [
    ("text", "图解.png", "png", "只有“图文/图解”形式的解读可以上传图片"),
    ("graphic", "图解.bmp", "png", "类型不允许上传"),
    ("graphic", "图解.png", b"not an image at all", "无法读取图片“图解.png”"),
    ("graphic", "图解.jpg", "png", "内容与扩展名不符（实际为 PNG 格式）"),
    ("graphic", "图解.png", b"", "是空文件"),
    ("graphic", "", "png", "请选择要上传的图片"),
])
def test_bad_interpretation_image_saves_nothing(county, form, name, data, message):
    record = make_record(county.department, by=county.editor)
    data = image_bytes() if data == "png" else data
    with pytest.raises(ValidationError) as exc:
        actions.add_interpretation(record, by=county.editor, form=form, title="一图读懂",
                                   image_name=name, image_data=data)
    assert message in " ".join(exc.value.messages)
    assert not Interpretation.objects.exists()
    assert stored_files() == set()
    assert not AuditEvent.objects.filter(action="interpretation_add").exists()


def test_interpretation_image_size_limit(county, settings):
    settings.ZHENGWU_INTERPRETATION_IMAGE_MAX_BYTES = 100
    record = make_record(county.department, by=county.editor)
    with pytest.raises(ValidationError, match="不能超过"):
        actions.add_interpretation(record, by=county.editor, form="graphic", title="一图读懂",
                                   image_name="大图.png", image_data=image_bytes(size=(300, 300)))
    assert not Interpretation.objects.exists()


# --- through the staff pages ----------------------------------------------------------------------------

def text_of(response) -> str:
    return response.content.decode()


def summary_of(response) -> str:
    """The failed form's error summary on the record page again (decision 1301), its links checked."""
    from zhengwu.applications.tests.test_form_pattern import assert_errors_wired, soup

    page = soup(response)
    assert_errors_wired(page, first=False)
    return page.select_one("#error-summary").get_text()


def replace_url(record, attachment):
    return reverse("disclosure:attachment_replace", args=[record.pk, attachment.pk])


def remove_url(record, attachment):
    return reverse("disclosure:attachment_remove", args=[record.pk, attachment.pk])


def test_replace_and_remove_through_the_record_page(client, county, draft_with_pii_file):
    record, attachment = draft_with_pii_file
    client.force_login(county.editor)
    page = text_of(client.get(reverse("disclosure:detail", args=[record.pk])))
    assert "替换附件" in page and "删除附件" in page and replace_url(record, attachment) in page

    prefix = f"replace{attachment.pk}"
    response = client.post(replace_url(record, attachment),
                           {f"{prefix}-file": SimpleUploadedFile("坏.docx", b"broken")}, follow=True)
    assert response.status_code == 400 and "无法读取附件“坏.docx”的内容" in summary_of(response)
    assert Attachment.objects.get(pk=attachment.pk).name == "名单.docx"

    response = client.post(replace_url(record, attachment),
                           {f"{prefix}-file": SimpleUploadedFile("程序.exe", b"MZ")}, follow=True)
    assert "附件“程序.exe”的类型不允许上传" in summary_of(response)

    response = client.post(replace_url(record, attachment), {}, follow=True)
    assert "请选择用来替换的文件" in text_of(response)

    response = client.post(replace_url(record, attachment),
                           {f"{prefix}-file": SimpleUploadedFile("名单（处理后）.docx", docx_bytes("张三"))},
                           follow=True)
    assert "已将附件“名单.docx”替换为“名单（处理后）.docx”" in text_of(response)
    attachment.refresh_from_db()
    assert attachment.name == "名单（处理后）.docx" and attachment.text == "张三"

    prefix = f"remove{attachment.pk}"
    response = client.post(remove_url(record, attachment), {f"{prefix}-reason": ""}, follow=True)
    assert response.status_code == 400 and "请填写删除附件的理由" in summary_of(response)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(remove_url(record, attachment), {f"{prefix}-reason": "不再需要"}, follow=True)
    assert "已删除附件“名单（处理后）.docx”" in text_of(response)
    assert not record.attachments.exists()

    history = text_of(client.get(reverse("disclosure:history", args=[record.pk])))
    assert "替换附件" in history and "删除附件" in history and "不再需要" in history


def test_attachment_pages_are_404_outside_the_unit_and_403_when_published(client, county, draft_with_pii_file):
    record, attachment = draft_with_pii_file
    client.force_login(county.other_reviewer)
    upload = {f"replace{attachment.pk}-file": SimpleUploadedFile("a.txt", b"x")}
    assert client.post(replace_url(record, attachment), upload).status_code == 404
    assert client.post(remove_url(record, attachment), {f"remove{attachment.pk}-reason": "x"}).status_code == 404

    client.force_login(county.editor)
    other = make_record(county.department, by=county.editor, title="另一条通知")
    wrong_pair = reverse("disclosure:attachment_remove", args=[other.pk, attachment.pk])
    assert client.post(wrong_pair, {f"remove{attachment.pk}-reason": "x"}).status_code == 404
    assert client.get(remove_url(record, attachment)).status_code == 405

    actions.submit(record, by=county.editor)
    response = client.post(remove_url(record, attachment), {f"remove{attachment.pk}-reason": "x"})
    assert response.status_code == 403 and "请先撤回后再修改" in text_of(response)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_delete_draft_through_the_record_page(client, county):
    draft = make_record(county.department, by=county.editor, title="误建的草稿")
    published = make_published(county.department, title="已发布的通知")
    delete_url = reverse("disclosure:action", args=[draft.pk, "delete"])

    client.force_login(county.other_editor)
    assert client.post(delete_url, {"delete-confirm": "on"}).status_code == 404
    client.force_login(make_user("jyj_ld", county.department, Role.LEADER))  # sees the unit's drafts, read-only
    response = client.post(delete_url, {"delete-confirm": "on"})
    assert response.status_code == 403 and "您没有删除该信息的权限" in text_of(response)

    client.force_login(county.reviewer)
    assert "删除草稿" not in text_of(client.get(reverse("disclosure:detail", args=[published.pk])))
    response = client.post(reverse("disclosure:action", args=[published.pk, "delete"]), {"delete-confirm": "on"},
                           follow=True)
    assert "操作未完成：该信息已发布过或已有索引号，不能删除，只能撤下" in text_of(response)  # not offered there
    assert Record.objects.filter(pk=published.pk).exists()

    client.force_login(county.editor)
    assert "删除草稿" in text_of(client.get(reverse("disclosure:detail", args=[draft.pk])))
    response = client.post(delete_url, {"delete-reason": "误建"}, follow=True)
    assert "请勾选“确认删除”后再删除" in text_of(response)
    assert Record.objects.filter(pk=draft.pk).exists()
    response = client.post(delete_url, {"delete-confirm": "on", "delete-reason": "误建"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("disclosure:list")
    assert "已删除草稿《误建的草稿》" in text_of(response)
    assert not Record.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.get(action="record_delete").reason == "误建"


def test_graphic_interpretation_image_through_the_record_page(client, county):
    record = make_record(county.department, by=county.editor)
    client.force_login(county.editor)
    page = text_of(client.get(reverse("disclosure:detail", args=[record.pk])))
    assert 'enctype="multipart/form-data"' in page and "图解图片" in page
    url = reverse("disclosure:action", args=[record.pk, "interpretation"])
    base = {"interp-form": "text", "interp-title": "文字解读", "interp-schedule": "on"}

    response = client.post(url, {**base, "interp-image": SimpleUploadedFile("图.png", image_bytes())}, follow=True)
    assert "只有“图文/图解”形式的解读可以上传图片" in summary_of(response)
    response = client.post(url, {**base, "interp-form": "graphic",
                                 "interp-image": SimpleUploadedFile("图.png", b"GIF89a broken")}, follow=True)
    assert "无法读取图片“图.png”" in summary_of(response)
    response = client.post(url, {**base, "interp-form": "graphic",
                                 "interp-image": SimpleUploadedFile("图.svg", b"<svg/>")}, follow=True)
    assert "类型不允许上传" in text_of(response)
    assert not Interpretation.objects.exists()

    data = image_bytes("JPEG")
    response = client.post(url, {**base, "interp-form": "graphic", "interp-title": "一图读懂",
                                 "interp-image": SimpleUploadedFile("一图读懂.jpg", data)}, follow=True)
    assert "已添加图文/图解：一图读懂" in text_of(response)
    interp = Interpretation.objects.get()
    assert interp.image.read() == data
    assert interp.image_url in text_of(response)


def test_adding_a_file_with_personal_numbers_to_a_published_record_is_refused(county):
    record = make_published(county.department)
    with pytest.raises(ValidationError) as exc:
        actions.add_attachment(record, by=county.reviewer, name="名单.docx", data=docx_bytes(f"张三 {ID_NUMBER}"))
    assert "发现未去标识化的个人信息" in exc.value.messages[0]
    assert ID_NUMBER not in exc.value.messages[0]
    assert not record.attachments.exists() and stored_files() == set()
    assert not AuditEvent.objects.filter(action="attachment_add", target_id=str(record.pk)).exists()
    actions.add_attachment(record, by=county.reviewer, name="名单.docx", data=docx_bytes("张三 身份证号已隐去"))
    assert record.attachments.count() == 1
