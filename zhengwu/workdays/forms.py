"""Staff forms for the calendar page; the rules themselves live in actions.py."""
from django import forms

from zhengwu.core.forms import DateInput, SpecificMessages

KIND_CHOICES = [("holiday", "休息日（放假）"), ("workday", "工作日（调休上班）")]


class OverrideForm(SpecificMessages, forms.Form):
    start = forms.DateField(label="日期（起）", widget=DateInput(),
                            error_messages={"required": "请填写日期。", "invalid": "请填写正确的日期（年-月-日）。"})
    end = forms.DateField(label="日期（止）", required=False, widget=DateInput(),
                          help_text="只调整一天时留空；一段假期可一次录入（最多31天）。",
                          error_messages={"invalid": "请填写正确的日期（年-月-日）。"})
    kind = forms.ChoiceField(label="设为", choices=KIND_CHOICES, widget=forms.RadioSelect,
                             error_messages={"required": "请选择设为工作日还是休息日。",
                                             "invalid_choice": "请选择设为工作日还是休息日。"})
    note = forms.CharField(label="说明", required=False, max_length=200,
                           help_text="例如：国务院办公厅2027年放假通知·春节",
                           error_messages={"max_length": "说明不能超过200个字。"})


class ConfirmYearForm(SpecificMessages, forms.Form):
    year = forms.IntegerField(label="年度", error_messages={"required": "请填写年度。",
                                                          "invalid": "请填写正确的年度（四位数字）。"})
    source_document = forms.CharField(label="放假安排通知", required=False, max_length=200,
                                      help_text="通知名称或文号，例如：国务院办公厅关于2027年部分节假日安排的通知",
                                      error_messages={"max_length": "放假安排通知不能超过200个字。"})


class RevokeYearForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200, error_messages={"required": "请填写撤销确认的原因。"})


class RemoveOverrideForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="删除原因", required=False, max_length=200)
