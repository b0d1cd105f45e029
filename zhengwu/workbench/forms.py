"""Workbench forms: the staff login and the audit log filter (validation of substance lives in the action functions)."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zhengwu.audit import labels
from zhengwu.audit.models import AuditEvent
from zhengwu.core.forms import DateInput, SpecificMessages
from zhengwu.org.models import Unit


class StaffLoginForm(SpecificMessages, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class AuditFilterForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.all(), required=False, empty_label="全部单位")
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())
    target_type = forms.CharField(widget=forms.HiddenInput, required=False)
    target_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "全部操作")] + [(a, labels.action_label(a)) for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
