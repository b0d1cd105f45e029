from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "zhengwu.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from zhengwu.audit import labels
        from zhengwu.workdays.signals import calendar_changed

        from . import models

        labels.register(
            actions={
                "message_identity_view": "查看来信人身份信息", "message_submit": "网上来信", "message_register": "登记12345工单", "message_accept": "受理来信",
                "message_reject": "不予受理", "message_assign": "分办", "message_transfer": "转办",
                "message_return": "退回分办员", "message_extend": "延期答复", "message_reply": "答复来信",
                "message_close": "办结", "message_rate": "来信人评价", "message_callback": "回访",
                "message_rehandle": "申请重新办理", "message_supervise": "督办", "message_publish": "公开答复",
                "consultation_open": "发布意见征集", "consultation_comment": "提交征集意见",
                "consultation_moderate": "审核征集意见", "consultation_feedback": "公布意见采纳情况",
                "interview_schedule": "发布在线访谈", "interview_question": "网友访谈提问",
                "interview_moderate": "审核访谈提问", "interview_transcript": "发布访谈实录",
            },
            fields={
                "message_status": "来信状态", "handling_unit": "承办单位", "message_kind": "诉求类型",
                "message_due_date": "答复期限", "where": "查看位置",
                "time_limit_workdays": "办理时限（工作日）", "extension_days": "延期工作日数", "satisfaction": "满意度",
                "supervised": "已督办", "published": "已公开", "feedback_date": "采纳情况公布日期",
                "final_record": "正式文件",
                "transcript_published": "实录已发布",
            },
            values={
                "satisfaction": dict(models.Satisfaction.choices),
                "message_status": dict(models.Status.choices),
                "message_kind": dict(models.Kind.choices),
                "handling_unit": _unit_name,
            },
        )
        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="interaction_recompute_due")


def _unit_name(value):
    from zhengwu.org.models import Unit

    return Unit.objects.filter(pk=value).values_list("name", flat=True).first()


def _recompute_on_calendar_change(sender, **kwargs):
    """The official arrangement was entered: provisional due dates of unanswered messages are recomputed."""
    from .clock import compute_due
    from .models import Message

    for msg in Message.objects.open().filter(due_date_provisional=True):
        due = compute_due(msg.clock_start, msg.limit_in_force)
        Message.objects.filter(pk=msg.pk).update(due_date=due.due_date, due_date_provisional=due.provisional)
