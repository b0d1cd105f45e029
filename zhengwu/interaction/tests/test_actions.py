"""Every transition through its action function, and each refusal (a Blocker code, never message text)."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.audit.labels import unlabelled
from zhengwu.audit.models import AuditEvent
from zhengwu.interaction import actions, workflow
from zhengwu.interaction.models import Message, MessageAttachment, Status

from .factories import assigned, letter, letter_data, replied

D = dt.date.fromisoformat
TODAY = D("2026-03-02")


def opts(msg, user, today=TODAY):
    return workflow.options(msg, user, today)


@pytest.mark.django_db
def test_full_flow_accept_assign_reply_rate_close(county):
    msg = letter()
    assert msg.status == Status.SUBMITTED and len(msg.query_code) == 10 and msg.serial.startswith("XZXX2026")
    assert msg.mailbox_unit == county.government
    msg = actions.accept(msg, by=county.office_admin, kind="help", today=TODAY)
    assert (msg.status, msg.kind) == (Status.ACCEPTED, "help")
    msg = actions.assign(msg, by=county.office_admin, unit=county.department, note="请办理", today=TODAY)
    assert (msg.status, msg.unit) == (Status.ASSIGNED, county.department)
    msg = actions.reply(msg, by=county.editor, text="已维修。", today=D("2026-03-04"))
    assert (msg.status, msg.replied_date, msg.reply_unit, msg.on_time) == (
        Status.REPLIED, D("2026-03-04"), county.department, True)
    msg = actions.rate(msg, satisfaction="satisfied", today=D("2026-03-05"))
    assert msg.satisfaction == "satisfied"
    msg = actions.close(msg, by=county.office_admin, today=D("2026-03-05"))
    assert (msg.status, msg.closed_date) == (Status.CLOSED, D("2026-03-05"))
    kinds = list(msg.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted", "assigned", "replied", "rated", "closed"]
    codes = set(AuditEvent.objects.filter(target_id=str(msg.pk), target_type="interaction.message")
                .values_list("action", flat=True))
    assert codes == {"message_submit", "message_accept", "message_assign", "message_reply", "message_rate",
                     "message_close"}
    assert unlabelled(codes) == []
    # personal data never reaches the audit log
    for e in AuditEvent.objects.filter(target_type="interaction.message"):
        assert "13912345678" not in str(e.before) + str(e.after) + e.reason


@pytest.mark.django_db
def test_only_the_dispatcher_accepts_assigns_rejects(county):
    msg = letter()
    for action in ("accept", "reject"):
        assert opts(msg, county.editor).blocked_by(action, "permission")
    with pytest.raises(PermissionDenied):
        actions.accept(msg, by=county.editor, today=TODAY)
    assert opts(msg, county.office_admin).blocked_by("assign", "status")
    with pytest.raises(ValidationError):
        actions.assign(msg, by=county.office_admin, unit=county.department, today=TODAY)
    assert Message.objects.get(pk=msg.pk).status == Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["out_of_scope", "petition", "litigation", "abuse"])
def test_reject_with_each_reason(county, reason):
    msg = actions.reject(letter(), by=county.office_admin, reason=reason, note="", today=TODAY)
    assert (msg.status, msg.reject_reason) == (Status.REJECTED, reason)
    assert opts(msg, county.office_admin).blocked_by("accept", "status")


@pytest.mark.django_db
def test_reject_needs_a_known_reason(county):
    msg = letter()
    with pytest.raises(ValidationError) as exc:
        actions.reject(msg, by=county.office_admin, reason="dislike", today=TODAY)
    assert "reason" in exc.value.message_dict
    assert Message.objects.get(pk=msg.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_transfer_needs_a_note_and_another_unit(county):
    msg = assigned(county)
    with pytest.raises(ValidationError) as exc:
        actions.transfer(msg, by=county.office_admin, unit=county.other_department, note="", today=TODAY)
    assert "note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.transfer(msg, by=county.office_admin, unit=county.department, note="再办", today=TODAY)
    assert "unit" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.transfer(msg, by=county.editor, unit=county.other_department, note="x", today=TODAY)
    msg = actions.transfer(msg, by=county.office_admin, unit=county.other_department, note="财政职责", today=TODAY)
    assert msg.unit == county.other_department


@pytest.mark.django_db
def test_return_by_a_non_competent_unit_then_reassign(county):
    msg = assigned(county)
    with pytest.raises(PermissionDenied):
        actions.return_to_dispatcher(msg, by=county.other_editor, reason="不是我们", today=TODAY)
    with pytest.raises(ValidationError):
        actions.return_to_dispatcher(msg, by=county.editor, reason=" ", today=TODAY)
    msg = actions.return_to_dispatcher(msg, by=county.editor, reason="路灯属城关镇管理", today=TODAY)
    assert (msg.status, msg.unit) == (Status.RETURNED, None)
    assert opts(msg, county.editor).blocked_by("reply", "permission")
    msg = actions.assign(msg, by=county.office_admin, unit=county.township, today=TODAY)
    assert msg.unit == county.township
    # the unit that returned it still sees the message in its history
    assert Message.objects.visible_to(county.editor).filter(pk=msg.pk).exists()


@pytest.mark.django_db
def test_reply_by_another_unit_is_refused(county):
    msg = assigned(county)
    assert opts(msg, county.other_editor).blocked_by("reply", "permission")
    with pytest.raises(PermissionDenied):
        actions.reply(msg, by=county.other_editor, text="越权答复", today=TODAY)
    with pytest.raises(PermissionDenied):
        actions.reply(msg, by=county.office_admin, text="越权答复", today=TODAY)
    msg.refresh_from_db()
    assert (msg.status, msg.reply) == (Status.ASSIGNED, "")


@pytest.mark.django_db
def test_reply_refuses_empty_oversized_and_script(county):
    msg = assigned(county)
    for text in ("", "字" * 4001, "<script>alert(1)</script>"):
        with pytest.raises(ValidationError) as exc:
            actions.reply(msg, by=county.editor, text=text, today=TODAY)
        assert "text" in exc.value.message_dict
    assert Message.objects.get(pk=msg.pk).status == Status.ASSIGNED


@pytest.mark.django_db
def test_extension_once_with_approval_not_when_overdue(county):
    msg = assigned(county)
    with pytest.raises(ValidationError) as exc:
        actions.extend(msg, by=county.editor, days=3, reason="核查", approver="", today=TODAY)
    assert "approver" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.extend(msg, by=county.editor, days=30, reason="核查", approver="王局长", today=TODAY)
    assert "days" in exc.value.message_dict
    assert opts(msg, county.editor, msg.due_date + dt.timedelta(days=1)).blocked_by("extend", "overdue")
    old_due = msg.due_date
    msg = actions.extend(msg, by=county.editor, days=2, reason="需现场核查", approver="王局长", today=TODAY)
    assert msg.due_date > old_due and msg.extension_count == 1
    assert opts(msg, county.editor).blocked_by("extend", "extension_used")
    with pytest.raises(ValidationError):
        actions.extend(msg, by=county.editor, days=1, reason="再延", approver="王局长", today=TODAY)


@pytest.mark.django_db
def test_extensions_allowed_is_a_setting(county, settings):
    settings.ZHENGWU_INTERACTION_MAX_EXTENSIONS = 2
    msg = assigned(county)
    msg = actions.extend(msg, by=county.editor, days=1, reason="一", approver="王局长", today=TODAY)
    msg = actions.extend(msg, by=county.editor, days=1, reason="二", approver="王局长", today=TODAY)
    assert msg.extension_days == 2


@pytest.mark.django_db
def test_supervise_by_office_only(county):
    msg = assigned(county)
    with pytest.raises(PermissionDenied):
        actions.supervise(msg, by=county.editor, note="快办", today=TODAY)
    msg = actions.supervise(msg, by=county.office_admin, note="请于3日内答复", today=TODAY)
    assert msg.supervised and not msg.events.last().public
    assert opts(replied(county), county.office_admin).blocked_by("supervise", "status")


@pytest.mark.django_db
def test_callback_records_satisfaction_once(county):
    msg = replied(county)
    with pytest.raises(PermissionDenied):
        actions.callback(msg, by=county.other_editor, satisfaction="satisfied", today=TODAY)
    with pytest.raises(ValidationError):
        actions.callback(msg, by=county.editor, satisfaction="great", today=TODAY)
    msg = actions.callback(msg, by=county.editor, satisfaction="basic", note="电话回访", today=TODAY)
    assert msg.satisfaction == "basic"
    assert opts(msg, workflow.WRITER).blocked_by("rate", "rated")


@pytest.mark.django_db
def test_unsatisfied_writer_may_ask_once_for_rehandling(county):
    msg = replied(county)
    assert opts(msg, workflow.WRITER).blocked_by("rehandle", "not_unsatisfied")
    assert opts(msg, county.editor).blocked_by("rate", "permission")
    msg = actions.rate(msg, satisfaction="unsatisfied", today=D("2026-03-10"))
    msg = actions.close(msg, by=county.office_admin, today=D("2026-03-10"))
    with pytest.raises(ValidationError) as exc:
        actions.rehandle(msg, reason="", today=D("2026-03-11"))
    assert "reason" in exc.value.message_dict
    msg = actions.rehandle(msg, reason="路灯还是不亮", today=D("2026-03-11"))
    assert (msg.status, msg.unit, msg.clock_start, msg.satisfaction) == (
        Status.ASSIGNED, county.department, D("2026-03-11"), "")
    assert msg.due_date == D("2026-03-18")
    msg = actions.reply(msg, by=county.editor, text="已更换灯具。", today=D("2026-03-12"))
    msg = actions.rate(msg, satisfaction="unsatisfied", today=D("2026-03-13"))
    assert opts(msg, workflow.WRITER).blocked_by("rehandle", "rehandle_used")
    with pytest.raises(ValidationError):
        actions.rehandle(msg, reason="还是不满意", today=D("2026-03-13"))


@pytest.mark.django_db
def test_publish_only_when_the_writer_agreed(county):
    refused = replied(county, agrees_public=False)
    assert opts(refused, county.office_admin).blocked_by("publish", "not_agreed")
    with pytest.raises(ValidationError):
        actions.publish(refused, by=county.office_admin, today=TODAY)
    msg = replied(county)
    assert not Message.objects.public().exists()  # nothing public before the office publishes
    with pytest.raises(PermissionDenied):
        actions.publish(msg, by=county.editor, today=TODAY)
    msg = actions.publish(msg, by=county.office_admin, today=TODAY)
    assert list(Message.objects.public()) == [msg]
    assert opts(msg, county.office_admin).blocked_by("publish", "published")


@pytest.mark.django_db
def test_bad_letters_save_nothing(county):
    bad = [
        ({"writer_name": ""}, "writer_name"), ({"writer_phone": "123"}, "writer_phone"),
        ({"writer_id_number": "430422198503151230"}, "writer_id_number"), ({"title": ""}, "title"),
        ({"title": "题" * 101}, "title"), ({"content": "字" * 4001}, "content"),
        ({"content": "<img src=x onerror=alert(1)>"}, "content"), ({"writer_name": "<b>x</b>"}, "writer_name"),
        ({"kind": "rumour"}, "kind"),
    ]
    for override, field in bad:
        with pytest.raises(ValidationError) as exc:
            actions.submit_letter(channel="county_mailbox", data=letter_data(**override))
        assert field in exc.value.message_dict, override
    with pytest.raises(ValidationError):
        actions.submit_letter(channel="unit_mailbox", data=letter_data(), mailbox_unit=None)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_attachments_images_and_pdf_only_checked_like_record_attachments(county):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    msg = actions.submit_letter(channel="county_mailbox", data=letter_data(), files=[("路灯.png", buf.getvalue())])
    assert MessageAttachment.objects.filter(message=msg).count() == 1
    for name, blob in (("说明.docx", b"PK\x03\x04"), ("假图.png", b"not an image"), ("空.pdf", b"")):
        with pytest.raises(ValidationError) as exc:
            actions.submit_letter(channel="county_mailbox", data=letter_data(), files=[(name, blob)])
        assert "attachments" in exc.value.message_dict
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_site_error_report_on_one_day_clock(county):
    msg = actions.report_site_error(page_url="/xxgk/fdzdgk/", data={"content": "链接打不开"},
                                    submitted_at=dt.datetime(2026, 9, 30, 10, tzinfo=dt.UTC))
    assert (msg.channel, msg.time_limit_workdays, msg.due_date, msg.agrees_public) == (
        "site_error", 1, D("2026-10-08"), False)
    with pytest.raises(ValidationError) as exc:
        actions.report_site_error(page_url="", data={"content": ""})
    assert {"page_url", "content"} <= set(exc.value.message_dict)


@pytest.mark.django_db
def test_visible_to(county):
    msg = assigned(county)
    assert Message.objects.visible_to(county.office_admin).filter(pk=msg.pk).exists()
    assert Message.objects.visible_to(county.editor).filter(pk=msg.pk).exists()
    assert not Message.objects.visible_to(county.other_editor).filter(pk=msg.pk).exists()
