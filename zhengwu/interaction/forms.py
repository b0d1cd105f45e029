"""Public and staff forms of 互动交流. Forms gather input; the rules and their Chinese messages live in `actions`.

The public forms follow the platform's form pattern (docs/decisions/1301-form-pattern.md): specific messages
(`SpecificMessages`), groups under legends (`Fieldsets`), input purposes (`personal`), a captcha answer box that
never echoes (`captcha_field`, `AsksCaptcha`); they are rendered by the shared partials in templates/forms/.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from zhengwu.core.forms import AsksCaptcha, DateInput, Fieldsets, SpecificMessages, captcha_field, personal
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


def mailbox_units():
    return Unit.objects.filter(is_active=True).exclude(kind__in=[Unit.Kind.GOVERNMENT, Unit.Kind.VILLAGE]).order_by(
        "sort_order", "id")


class PublicForm(AsksCaptcha, SpecificMessages, forms.Form):
    """A form the public sends without an account: specific messages and the captcha question in its label."""


class LetterForm(Fieldsets, PublicForm):
    fieldsets = [("来信内容", ["mailbox_unit", "kind", "title", "content", "attachments"]),
                 ("来信人信息", ["writer_name", "writer_phone", "writer_id_number"]),
                 ("公开与验证", ["agrees_public", "captcha"])]

    kind = forms.ChoiceField(label="诉求类型", choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="标题", help_text="不超过100个字", widget=forms.TextInput(attrs={"maxlength": 100}))
    content = forms.CharField(label="内容", help_text="请写明事情经过、地点和诉求，不超过4000个字",
                              error_messages={"required": "请填写来信内容。"}, widget=forms.Textarea(attrs={"rows": 8}))
    writer_name = forms.CharField(label="姓名", widget=personal("name"))
    writer_phone = forms.CharField(label="联系电话", help_text="手机号码或带区号的固定电话，仅用于办理单位与您联系",
                                   widget=personal("tel"))
    writer_id_number = forms.CharField(label="身份证号（选填）", required=False,
                                       widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    attachments = MultipleFileField(label="附件（选填）", required=False,
                                    help_text="图片或 PDF，最多3个，单个不超过20 MB")
    agrees_public = forms.TypedChoiceField(
        label="是否同意公开答复", choices=[("1", "同意：答复可在网站公开（姓名、电话等个人信息将隐去）"), ("0", "不同意公开")],
        coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    captcha = captcha_field()

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


class CodeForm(SpecificMessages, forms.Form):
    code = forms.CharField(label="查询码", max_length=20, help_text="提交来信后页面上显示的10位查询码",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class RateForm(SpecificMessages, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(label="您对答复是否满意", choices=Satisfaction.choices, widget=forms.RadioSelect,
                                     error_messages={"required": "请选择满意、基本满意或不满意。"})
    comment = forms.CharField(label="评价说明（选填）", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RehandleForm(SpecificMessages, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label="申请重新办理的理由", widget=forms.Textarea(attrs={"rows": 3}))


class SiteErrorForm(PublicForm):
    page_url = forms.CharField(label="出错页面地址", max_length=500)
    content = forms.CharField(label="问题描述", help_text="如错别字、链接打不开、信息过期等",
                              widget=forms.Textarea(attrs={"rows": 5}))
    writer_name = forms.CharField(label="称呼（选填）", required=False, widget=personal("name"))
    writer_phone = forms.CharField(label="联系电话（选填）", required=False, widget=personal("tel"))
    captcha = captcha_field()


class CommentForm(PublicForm):
    name = forms.CharField(label="姓名", widget=personal("name"))
    phone = forms.CharField(label="联系电话（选填，不公开）", required=False, widget=personal("tel"))
    content = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 6}))
    captcha = captcha_field()


class QuestionForm(PublicForm):
    name = forms.CharField(label="称呼", widget=personal("nickname"))
    content = forms.CharField(label="您的问题", widget=forms.Textarea(attrs={"rows": 4}))
    captcha = captcha_field()


# --- staff ---------------------------------------------------------------------------------------------

def active_units():
    return Unit.objects.filter(is_active=True).order_by("sort_order", "id")


class AcceptForm(SpecificMessages, forms.Form):
    kind = forms.ChoiceField(label="诉求类型（可更正）", choices=Kind.choices)
    simple = forms.BooleanField(label="简单常见问题（1个工作日内答复，仅信箱来信）", required=False)


class RejectForm(SpecificMessages, forms.Form):
    reason = forms.ChoiceField(label="不予受理理由", choices=RejectReason.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages={"required": "请选择承办单位。"})
    note = forms.CharField(label="分办/转办意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_units()


class ReasonForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(SpecificMessages, forms.Form):
    note = forms.CharField(label="督办意见", widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(SpecificMessages, forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    approver = forms.CharField(label="批准人（单位负责人）")


class ReplyForm(SpecificMessages, forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))


class CallbackForm(SpecificMessages, forms.Form):
    satisfaction = forms.ChoiceField(label="回访满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="回访记录", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HotlineForm(SpecificMessages, forms.Form):
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


class ImportForm(SpecificMessages, forms.Form):
    file = forms.FileField(label="热线系统导出文件（CSV 或 xlsx）",
                           help_text="列：工单编号、来电时间、诉求人、电话、诉求类型、内容、承办单位")


# --- staff: 意见征集 and 在线访谈 ------------------------------------------------------------------------

def manageable_units(user):
    """Units whose 意见征集/访谈 `user` may open: all for the office, else where they are 信息员 or 审核员."""
    from zhengwu.org import access
    from zhengwu.org.models import Role

    units = Unit.objects.filter(is_active=True).order_by("sort_order", "id")
    if access.is_office_admin(user):
        return units
    return units.filter(pk__in=access.unit_ids_with_role(user, Role.EDITOR, Role.REVIEWER))


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker; it accepts only ``YYYY-MM-DDTHH:MM``."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ConsultationForm(SpecificMessages, Fieldsets, forms.Form):
    fieldsets = [("征集内容", ["unit", "title", "draft", "explanation"]),
                 ("征集期", ["start_date", "end_date", "shortened_reason"])]

    unit = forms.ModelChoiceField(label="起草单位", queryset=Unit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="征集标题", max_length=200, help_text="如：示范县××办法（征求意见稿）")
    draft = forms.CharField(label="草案", widget=forms.Textarea(attrs={"rows": 12}))
    explanation = forms.CharField(label="起草说明", help_text="起草的必要性、依据和主要内容",
                                  widget=forms.Textarea(attrs={"rows": 6}))
    start_date = forms.DateField(label="开始日期", widget=DateInput())
    end_date = forms.DateField(label="截止日期", help_text="征求意见期限一般不少于30日（含首尾两日）", widget=DateInput())
    shortened_reason = forms.CharField(
        label="期限少于30日的理由", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="征求意见期限少于30日时必须填写（《重大行政决策程序暂行条例》第十五条第二款），理由将在征集页面公开")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user)


class InterviewForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="主办单位", queryset=Unit.objects.none(), empty_label="请选择")
    title = forms.CharField(label="访谈主题", max_length=200)
    guest = forms.CharField(label="访谈嘉宾", max_length=200, help_text="如：县教育局副局长 张某某")
    scheduled_at = forms.DateTimeField(label="访谈时间", widget=DateTimeLocalInput(),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    questions_close_at = forms.DateTimeField(label="网友提问截止时间", help_text="应在访谈开始之前",
                                             widget=DateTimeLocalInput(),
                                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    intro = forms.CharField(label="访谈简介（选填）", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = manageable_units(user)


class TranscriptForm(SpecificMessages, forms.Form):
    transcript = forms.CharField(label="文字实录", widget=forms.Textarea(attrs={"rows": 12}))


class FeedbackForm(SpecificMessages, forms.Form):
    """公布意见采纳情况 of a closed 意见征集 (条例第十六条), one per consultation on the participation page."""

    feedback = forms.CharField(label="意见采纳情况及理由", max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    final_record = forms.CharField(label="正式文件（选填）", required=False, max_length=100,
                                   help_text="已发布的正式文件的文号或信息编号；填写后该文件页面链接到本次征集")


class AnswerForm(SpecificMessages, forms.Form):
    """The guest's answer given when a 访谈 question is approved, one per question on the participation page."""

    answer = forms.CharField(label="嘉宾回答（选填）", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
