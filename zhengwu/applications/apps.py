from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhengwu.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from zhengwu.workdays.signals import calendar_changed

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="applications_recompute_due")
        _register_audit_labels()


def _recompute_on_calendar_change(sender, **kwargs):
    """The official arrangement was entered: provisional due dates become official (and may move)."""
    from .actions import recompute_open_due_dates

    recompute_open_due_dates(only_provisional=True)


def _register_audit_labels():
    from zhengwu.audit import labels

    from . import outcomes
    from .models import Appeal, ApplicantType, Channel, Status

    labels.register(
        actions={
            "application_submit": "网上提交申请", "application_register": "登记申请",
            "application_confirm_receipt": "确认收到申请", "application_assign": "指定经办人",
            "application_correction_request": "告知补正", "application_correction_receive": "收到补正",
            "application_correction_deadline": "延长补正期限", "application_consultation_start": "征求意见",
            "application_consultation_reply": "记录征求意见结果",
            "application_consultation_receipt": "登记被征求意见方收到日期",
            "application_fee_receipt": "登记申请人收到收费通知日期", "application_extend": "延长答复期限",
            "application_fee_notice": "发出收费通知", "application_fee_paid": "登记缴费",
            "application_fee_waived": "减免收费", "application_close": "作出答复（办结）",
            "application_appeal": "登记行政复议/诉讼", "application_appeal_decide": "登记复议/诉讼结果",
            "application_letter": "出具文书", "application_due_recompute": "重新计算答复期限",
            "letter_template_update": "修改文书模板", "application_identity_view": "查看申请人身份信息",
            "application_export": "导出依申请公开案件", "application_letter_export": "下载文书",
        },
        fields={
            "serial": "申请编号", "channel": "申请渠道", "applicant_type": "申请人类型", "received_date": "收到申请日期",
            "clock_start": "答复期限起算日", "due_date": "答复期限", "due_date_provisional": "答复期限待定",
            "final_outcome": "办理结果", "closed_date": "答复日期", "handler": "经办人", "filed_date": "申请/立案日期",
            "application": "申请编号", "result": "复议/诉讼结果", "decided_date": "结果日期", "letter": "文书编号",
            "template": "文书模板", "body": "正文", "where": "查看位置", "format": "格式", "rows": "行数",
        },
        values={
            "status": dict(Status.choices), "channel": dict(Channel.choices),
            "applicant_type": dict(ApplicantType.choices), "final_outcome": dict(outcomes.CHOICES),
            "kind": dict(Appeal.Kind.choices), "result": dict(Appeal.Result.choices),
            "due_date_provisional": _yes_no, "handler": _user_name,
        },
    )


def _yes_no(value) -> str | None:
    return {True: "是", False: "否"}.get(value)


def _user_name(value) -> str | None:
    """A user id in an audit snapshot shown as the person's name."""
    from django.contrib.auth import get_user_model

    try:
        user = get_user_model().objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None
    return (user.get_full_name() or user.get_username()) if user else None

