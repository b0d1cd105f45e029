"""Public and staff forms of 互动交流. Forms gather input; the rules and their Chinese messages live in `actions`.

Accessible pattern (issue 12): each field's error has the id ``<field id>_error`` and the field points to it with
``aria-describedby`` (see `AccessibleForm.link_errors`); radio groups are fieldsets with legends; personal fields
carry ``autocomplete``/``inputmode``/``type``.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from zhengwu.org.models import Unit

from .models import Kind, RejectReason, Satisfaction


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def required(label: str) -> dict:
    return {"required": f"请填写{label}。"}


class AccessibleForm(forms.Form):
    def link_errors(self) -> None:
        """Point every invalid field at its error message (and keep its help text described)."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.errors.get(name):
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def mailbox_units():
    return Unit.objects.filter(is_active=True).exclude(kind__in=[Unit.Kind.GOVERNMENT, Unit.Kind.VILLAGE]).order_by(
        "sort_order", "id")


class LetterForm(AccessibleForm):
    kind = forms.ChoiceField(label="诉求类型", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "请选择诉求类型。", "invalid_choice": "请选择诉求类型。"})
    title = forms.CharField(label="标题", help_text="不超过100个字", error_messages=required("标题"),
                            widget=forms.TextInput(attrs={"maxlength": 100, "size": 30}))
    content = forms.CharField(label="内容", help_text="请写明事情经过、地点和诉求，不超过4000个字",
                              error_messages=required("来信内容"),
                              widget=forms.Textarea(attrs={"rows": 8, "cols": 30}))
    writer_name = forms.CharField(label="姓名", error_messages=required("姓名"),
                                  widget=forms.TextInput(attrs={"autocomplete": "name", "size": 20}))
    writer_phone = forms.CharField(label="联系电话", help_text="手机号码或带区号的固定电话，仅用于办理单位与您联系",
                                   error_messages=required("联系电话"),
                                   widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                                                 "inputmode": "tel", "size": 20}))
    writer_id_number = forms.CharField(label="身份证号（选填）", required=False,
                                       widget=forms.TextInput(attrs={"size": 20, "autocomplete": "off"}))
    attachments = MultipleFileField(label="附件（选填）", required=False,
                                    help_text="图片或 PDF，最多3个，单个不超过20 MB")
    agrees_public = forms.TypedChoiceField(
        label="是否同意公开答复", choices=[("1", "同意：答复可在网站公开（姓名、电话等个人信息将隐去）"), ("0", "不同意公开")],
        coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1",
        error_messages={"required": "请选择是否同意公开答复。"})
    captcha = forms.CharField(label="验证码", error_messages=required("验证码"),
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5}))

    def __init__(self, *args, unit_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_choice:
            self.fields = {"mailbox_unit": forms.ModelChoiceField(
                label="写信给哪个部门", queryset=mailbox_units(), empty_label="请选择",
                error_messages={"required": "请选择写信的部门。", "invalid_choice": "请选择写信的部门。"}), **self.fields}

    def clean(self):
        """Run the action's own checks at once, so every problem is shown in one round (not field by field)."""
        from .actions import clean_writer

        data = super().clean()
        try:
            clean_writer({k: data.get(k, self.data.get(k, "")) for k in self.fields})
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return data

    def data_for_action(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("captcha", "attachments", "mailbox_unit")}


class CodeForm(AccessibleForm):
    code = forms.CharField(label="查询码", error_messages=required("查询码"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "size": 14}))


class RateForm(AccessibleForm):
    code = forms.CharField(widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(label="您对答复是否满意", choices=Satisfaction.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "请选择满意、基本满意或不满意。"})
    comment = forms.CharField(label="评价说明（选填）", required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "cols": 30}))


class RehandleForm(AccessibleForm):
    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label="申请重新办理的理由", error_messages=required("申请重新办理的理由"),
                             widget=forms.Textarea(attrs={"rows": 3, "cols": 30}))


class SiteErrorForm(AccessibleForm):
    page_url = forms.CharField(label="出错页面地址", error_messages=required("出错页面地址"),
                               widget=forms.TextInput(attrs={"size": 30}))
    content = forms.CharField(label="问题描述", help_text="如错别字、链接打不开、信息过期等",
                              error_messages=required("问题描述"), widget=forms.Textarea(attrs={"rows": 5, "cols": 30}))
    writer_name = forms.CharField(label="称呼（选填）", required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "name", "size": 20}))
    writer_phone = forms.CharField(label="联系电话（选填）", required=False,
                                   widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                                                 "inputmode": "tel", "size": 20}))
    captcha = LetterForm.base_fields["captcha"]


class CommentForm(AccessibleForm):
    name = forms.CharField(label="姓名", error_messages=required("姓名"),
                           widget=forms.TextInput(attrs={"autocomplete": "name", "size": 20}))
    phone = forms.CharField(label="联系电话（选填，不公开）", required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel",
                                                          "size": 20}))
    content = forms.CharField(label="意见内容", error_messages=required("意见内容"),
                              widget=forms.Textarea(attrs={"rows": 6, "cols": 30}))
    captcha = LetterForm.base_fields["captcha"]


class QuestionForm(AccessibleForm):
    name = forms.CharField(label="称呼", error_messages=required("称呼"), widget=forms.TextInput(attrs={"size": 20}))
    content = forms.CharField(label="您的问题", error_messages=required("问题"),
                              widget=forms.Textarea(attrs={"rows": 4, "cols": 30}))
    captcha = LetterForm.base_fields["captcha"]


# --- staff ---------------------------------------------------------------------------------------------

def active_units():
    return Unit.objects.filter(is_active=True).order_by("sort_order", "id")


class AcceptForm(forms.Form):
    kind = forms.ChoiceField(label="诉求类型（可更正）", choices=Kind.choices)
    simple = forms.BooleanField(label="简单常见问题（1个工作日内答复，仅信箱来信）", required=False)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label="不予受理理由", choices=RejectReason.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages={"required": "请选择承办单位。"})
    note = forms.CharField(label="分办/转办意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_units()


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label="督办意见", widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    approver = forms.CharField(label="批准人（单位负责人）")


class ReplyForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label="回访满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="回访记录", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HotlineForm(forms.Form):
    hotline_number = forms.CharField(label="工单编号")
    called_at = forms.CharField(label="来电时间", help_text="如 2026-03-02 09:30",
                                widget=forms.TextInput(attrs={"type": "datetime-local"}))
    writer_name = forms.CharField(label="诉求人")
    writer_phone = forms.CharField(label="电话")
    kind = forms.ChoiceField(label="诉求类型", choices=Kind.choices)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))
    unit = forms.ModelChoiceField(label="承办单位（热线已派单时选择）", queryset=Unit.objects.none(), required=False,
                                  empty_label="未派单，由分办员分办")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_units()

    def as_row(self) -> dict:
        d = self.cleaned_data
        return {"工单编号": d["hotline_number"], "来电时间": d["called_at"].replace("T", " "), "诉求人": d["writer_name"],
                "电话": d["writer_phone"], "诉求类型": Kind(d["kind"]).label, "内容": d["content"],
                "承办单位": d["unit"].name if d["unit"] else ""}


class ImportForm(forms.Form):
    file = forms.FileField(label="热线系统导出文件（CSV 或 xlsx）",
                           help_text="列：工单编号、来电时间、诉求人、电话、诉求类型、内容、承办单位")
