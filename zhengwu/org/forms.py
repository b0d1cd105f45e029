"""Staff forms for units, login and the audit log. Validation of substance lives in zhengwu.org.actions."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zhengwu.audit import labels
from zhengwu.audit.models import AuditEvent
from zhengwu.core.forms import DateInput

from .models import Unit


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class UnitInfoForm(forms.Form):
    """条例第二十条第（二）项 content of one unit."""

    functions = forms.CharField(label="机构职能", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    leader_name = forms.CharField(label="负责人", max_length=50, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False,
                                   help_text="如：工作日 上午8:30-12:00，下午14:30-17:30")
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  help_text="18位，按 GB 32100-2015 校验；用于生成索引号。")
    reason = forms.CharField(label="修改说明", max_length=200, required=False,
                             help_text="记入审计日志，如“负责人调整”。")

    @classmethod
    def for_unit(cls, unit: Unit, data=None):
        initial = {f: getattr(unit, f) for f in ("functions", "leader_name", "address", "office_hours", "phone",
                                                 "email", "postcode", "credit_code")}
        return cls(data=data, initial=initial)


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())
    target_type = forms.CharField(widget=forms.HiddenInput, required=False)
    target_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "全部操作")] + [(a, action_label(a)) for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


ACTION_LABELS = {
    "attachment_remove": "删除附件", "attachment_replace": "替换附件", "record_delete": "删除草稿",
    "create": "新建", "update": "修改", "attachment_add": "上传附件", "submit": "提交审核", "withdraw": "撤回",
    "secrecy_review": "保密审查通过", "secrecy_review_failed": "保密审查未通过", "approve_unit": "单位审核通过",
    "reject": "退回", "publish": "发布", "unpublish": "撤下", "set_validity": "变更有效性",
    "validity_by_relation": "因立改废变更有效性", "relation_add": "登记立改废关系", "interpretation_add": "添加解读",
    "interpretation_publish": "解读随文发布", "interpretation_exempt": "登记免于解读", "pii_override": "个人信息放行",
    "mask_pii": "去标识化", "unit_update": "修改单位信息",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action) or labels.action_label(action)


FIELD_LABELS = {
    "image": "图片", "categories": "公开类别", "attachments": "附件", "interpretations": "政策解读",
    "title": "标题", "status": "状态", "validity": "有效性", "document_number": "文号", "index_number": "索引号",
    "disclosure_mode": "公开方式", "written_date": "成文日期", "published_at": "发布日期", "unit": "单位",
    "kind": "信息类型", "functions": "机构职能", "leader_name": "负责人", "address": "办公地址",
    "office_hours": "办公时间", "phone": "联系电话", "email": "电子邮箱", "postcode": "邮政编码",
    "credit_code": "统一社会信用代码", "attachment": "附件", "size": "大小（字节）", "form": "解读形式",
    "relation": "关系", "target": "对象编号", "target_title": "对象", "record": "政府信息编号",
}


def _value_labels() -> dict[str, dict[str, str]]:
    from zhengwu.disclosure.models import Interpretation, Record, RecordRelation

    return {"status": {**dict(Record.Status.choices), **dict(Interpretation.Status.choices)},
            "validity": dict(Record.Validity.choices), "kind": dict(Record.Kind.choices),
            "disclosure_mode": dict(Record.DisclosureMode.choices), "form": dict(Interpretation.Form.choices),
            "relation": dict(RecordRelation.Kind.choices)}


def change_rows(event) -> list[tuple[str, object, object]]:
    """An audit event's before/after as (中文字段名, 旧值, 新值) with codes shown as their Chinese labels."""
    values = _value_labels()
    rows = []
    for key, old, new in event.changes():
        labels = values.get(key, {})
        rows.append((FIELD_LABELS.get(key, key), labels.get(old, old) if isinstance(old, str) else old,
                     labels.get(new, new) if isinstance(new, str) else new))
    return rows
