"""12345 工单 entry and import (all or nothing), masking of public text, 意见征集 (30-day rule, moderation)
and 在线访谈."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.interaction import actions, masking
from zhengwu.interaction.models import Comment, Message, Moderation, Status

from .factories import id_number, letter

D = dt.date.fromisoformat


def row(n="RX20260930001", **over):
    data = {"工单编号": n, "来电时间": "2026-09-30 09:15", "诉求人": "王五", "电话": "13700001111", "诉求类型": "投诉",
            "内容": "小区门口占道经营严重", "承办单位": "示范县教育局"}
    data.update(over)
    return data


@pytest.mark.django_db
def test_hotline_entry_is_assigned_on_the_hotline_clock(county):
    msg = actions.register_hotline(by=county.office_admin, row=row())
    assert (msg.channel, msg.kind, msg.status, msg.unit) == ("hotline", "complaint", Status.ASSIGNED, county.department)
    assert msg.time_limit_workdays == 15 and msg.received_date == D("2026-09-30")
    assert msg.serial.startswith("RX2026")
    with pytest.raises(ValidationError) as exc:
        actions.register_hotline(by=county.office_admin, row=row())
    assert "hotline_number" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.register_hotline(by=county.editor, row=row("RX2"))


@pytest.mark.django_db
def test_hotline_import_is_all_or_nothing_with_row_numbers(county):
    rows = [row("A1"), row("A2", 诉求类型="闲聊"), row("A3", 来电时间="昨天"), row("A4", 承办单位="不存在局"),
            row("A1"), row("A6", 电话="", 内容="<script>x</script>")]
    with pytest.raises(ValidationError) as exc:
        actions.import_hotline(by=county.office_admin, rows=rows)
    text = "\n".join(exc.value.messages)
    for expected in ("第3行：诉求类型“闲聊”不正确", "第4行：来电时间“昨天”格式不正确", "第5行：承办单位“不存在局”",
                     "第6行：工单编号 A1 与第2行重复", "第7行：请填写联系电话", "第7行：内容不能包含 HTML"):
        assert expected in text, expected
    assert not Message.objects.exists()
    done = actions.import_hotline(by=county.office_admin, rows=[row("B1"), row("B2", 诉求类型="咨询", 承办单位="")])
    assert [m.status for m in done] == [Status.ASSIGNED, Status.SUBMITTED]
    assert done[1].time_limit_workdays == 2


def test_masking_every_public_field():
    text = ("我叫李四，住城关镇新村五组12号3栋2单元501室，电话13912345678，座机0734-1234567，"
            f"身份证{id_number()}。")
    out = masking.mask_public(text, names=("李四",), phones=("13912345678",))
    for secret in ("李四", "13912345678", "1234567", id_number(), "12号", "501室", "五组"):
        assert secret not in out, secret
    assert "城关镇新村" in out and "李*" in out


@pytest.mark.django_db
def test_public_text_masks_the_reply_too(county):
    msg = letter()
    assert "李四" not in masking.public_text(msg, "李四您好，已联系13912345678。")


@pytest.mark.django_db
def test_consultation_thirty_day_rule(county):
    kwargs = dict(by=county.editor, unit=county.department, title="示范县学前教育条例（征求意见稿）", draft="第一条……",
                  explanation="起草说明……", start_date=D("2026-03-01"))
    with pytest.raises(ValidationError) as exc:
        actions.open_consultation(end_date=D("2026-03-20"), **kwargs)
    assert "shortened_reason" in exc.value.message_dict
    short = actions.open_consultation(end_date=D("2026-03-20"), shortened_reason="上级要求限期出台", **kwargs)
    assert short.shortened_reason
    full = actions.open_consultation(end_date=D("2026-03-30"), shortened_reason="用不上", **kwargs)
    assert full.shortened_reason == ""  # 30 days: no reason needed, none kept
    with pytest.raises(PermissionDenied):
        actions.open_consultation(end_date=D("2026-03-30"), **{**kwargs, "by": county.other_editor})


@pytest.mark.django_db
def test_comments_are_moderated_and_feedback_after_closing(county):
    c = actions.open_consultation(by=county.editor, unit=county.department, title="征求意见", draft="草案",
                                  explanation="说明", start_date=D("2026-03-01"), end_date=D("2026-03-31"))
    with pytest.raises(ValidationError):
        actions.submit_comment(c, data={"name": "赵六", "content": "好"}, today=D("2026-04-01"))
    with pytest.raises(ValidationError) as exc:
        actions.submit_comment(c, data={"name": "", "content": "<script>"}, today=D("2026-03-05"))
    assert {"name", "content"} <= set(exc.value.message_dict)
    comment = actions.submit_comment(c, data={"name": "赵六", "content": "建议增加普惠园"}, today=D("2026-03-05"))
    assert comment.status == Moderation.PENDING
    assert not Comment.objects.filter(status=Moderation.APPROVED).exists()
    with pytest.raises(PermissionDenied):
        actions.moderate_comment(comment, by=county.other_editor, approve=True)
    actions.moderate_comment(comment, by=county.reviewer, approve=True)
    with pytest.raises(ValidationError):
        actions.publish_feedback(c, by=county.editor, feedback="采纳", today=D("2026-03-31"))
    c = actions.publish_feedback(c, by=county.editor, feedback="共收到意见1条，采纳1条。", today=D("2026-04-02"))
    assert c.feedback_date == D("2026-04-02")


@pytest.mark.django_db
def test_interview_questions_before_and_transcript(county):
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    iv = actions.schedule_interview(by=county.editor, unit=county.department, title="义务教育招生政策解读",
                                    guest="县教育局局长", scheduled_at=dt.datetime(2026, 4, 10, 9, tzinfo=tz),
                                    questions_close_at=dt.datetime(2026, 4, 9, 18, tzinfo=tz))
    q = actions.submit_question(iv, data={"name": "家长", "content": "划片范围？"},
                                now=dt.datetime(2026, 4, 1, 9, tzinfo=tz))
    with pytest.raises(ValidationError):
        actions.submit_question(iv, data={"name": "家长", "content": "迟到的问题"},
                                now=dt.datetime(2026, 4, 10, 9, tzinfo=tz))
    q = actions.moderate_question(q, by=county.editor, approve=True, answer="按街道划片。")
    assert q.status == Moderation.APPROVED
    iv = actions.publish_transcript(iv, by=county.editor, transcript="主持人：各位网友好……")
    assert iv.transcript_published
