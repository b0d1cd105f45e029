"""Forms only gather input; the rules are checked by `actions` (their Chinese messages are shown per field)."""
from __future__ import annotations

from django import forms

from zhengwu.core.forms import AsksCaptcha, DateInput, Fieldsets, SpecificMessages, captcha_field, personal
from zhengwu.org.models import Unit

from . import clock, outcomes
from .models import (
    Appeal,
    ApplicantType,
    Channel,
    Consultation,
    DeliveryMethod,
    Fee,
    IdType,
    Medium,
)

DATE = DateInput()


def accepting_units():
    """Bodies that receive applications (条例第二十七条): governments, departments, townships — not villages."""
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.VILLAGE).order_by("sort_order", "id")


class ApplicantForm(SpecificMessages, Fieldsets, forms.Form):
    """The 第二十九条 content, grouped as the applicant reads it; messages name the field (1301-form-pattern)."""

    fieldsets = [
        ("申请人信息", ["applicant_type", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
                   "address", "postcode"]),
        ("所需信息", ["unit", "description"]),
        ("获取方式", ["delivery_method", "medium"]),
    ]

    unit = forms.ModelChoiceField(label="向哪个机关申请", queryset=Unit.objects.none(), empty_label="请选择",
                                  error_messages={"required": "请选择向哪个机关申请。"})
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices,
                                       help_text="自然人，或法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）")
    applicant_name = forms.CharField(label="姓名/名称", max_length=100, widget=personal("name"),
                                     help_text="自然人填写姓名，法人或其他组织填写单位全称",
                                     error_messages={"required": "请填写申请人姓名或名称。"})
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=40,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=50, required=False,
                                     widget=personal("name"))
    phone = forms.CharField(label="联系电话", max_length=30, widget=personal("tel"),
                            help_text="手机号码（11位）或带区号的固定电话，如 0734-1234567")
    email = forms.CharField(label="电子邮箱", max_length=254, required=False, widget=personal("email"),
                            help_text="选择以电子邮件获取信息时必填")
    address = forms.CharField(label="通信地址", max_length=200, widget=personal("street-address"))
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False, widget=personal("postal-code"))
    description = forms.CharField(label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages={"required": "请填写所需政府信息的名称、文号或者特征性描述。"})
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=DeliveryMethod.choices)
    medium = forms.ChoiceField(label="载体形式", choices=Medium.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = accepting_units()

    def data_for_action(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("unit", "captcha", "channel", "submitted",
                                                                         "signed", "confirmed")}


class PublicApplicationForm(AsksCaptcha, ApplicantForm):
    captcha = captcha_field()


class StaffRegisterForm(ApplicantForm):
    fieldsets = [*ApplicantForm.fieldsets, ("收到申请", ["channel", "submitted", "signed", "confirmed"])]

    channel = forms.ChoiceField(label="申请渠道", choices=Channel.choices)
    submitted = forms.DateField(label="提交日期（当面提交）", required=False, widget=DATE)
    signed = forms.DateField(label="签收日期（邮寄）", required=False, widget=DATE)
    confirmed = forms.DateField(label="与申请人确认之日（平常信函/互联网/传真）", required=False, widget=DATE)


class StatusQueryForm(SpecificMessages, forms.Form):
    code = forms.CharField(label="查询码", max_length=20, help_text="提交申请后页面上显示的10位查询码",
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class ConfirmForm(SpecificMessages, forms.Form):
    confirmed = forms.DateField(label="双方确认之日", widget=DATE)


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member by name and unit (王芳（示范县教育局）), not by login name."""

    def label_from_instance(self, user) -> str:
        name = f"{user.last_name}{user.first_name}".strip() or user.get_username()  # 姓 then 名, no space
        units = sorted({m.unit.name for m in user.memberships.all() if m.unit_id})
        return f"{name}（{'、'.join(units)}）" if units else name


class AssignForm(SpecificMessages, forms.Form):
    handler = StaffChoiceField(label="经办人", queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = users


class CorrectionForm(SpecificMessages, forms.Form):
    items = forms.CharField(label="需要补正的事项（一次性告知）", widget=forms.Textarea(attrs={"rows": 3}))
    notice_date = forms.DateField(label="告知日期", widget=DATE)
    deadline = forms.DateField(label="补正期限（留空按默认工作日数）", required=False, widget=DATE)


class CorrectionReceivedForm(SpecificMessages, forms.Form):
    corrected_date = forms.DateField(label="收到补正申请之日", widget=DATE)
    content = forms.CharField(label="补正内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(SpecificMessages, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Consultation.Kind.choices)
    party_name = forms.CharField(label="被征求意见方", max_length=200)
    party_address = forms.CharField(label="地址", max_length=200, required=False)
    sent_date = forms.DateField(label="发出日期", widget=DATE)
    delivery = forms.ChoiceField(label="送达方式", choices=clock.DELIVERY_CHOICES)
    received_date = forms.DateField(label="对方收到日期（不填：电子送达按发出当日，邮寄按推定日期）", required=False,
                                    widget=DATE)


class ReceiptForm(SpecificMessages, forms.Form):
    """The day a consulted party or the applicant actually received what was sent (e.g. the postal 回执)."""

    target = forms.IntegerField(widget=forms.HiddenInput)
    received_date = forms.DateField(label="实际收到日期", widget=DATE)


class ConsultationReplyForm(SpecificMessages, forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.ChoiceField(label="意见", choices=[c for c in Consultation.Opinion.choices if c[0] != "pending"])
    replied_date = forms.DateField(label="收到意见之日", required=False, widget=DATE)
    text = forms.CharField(label="意见内容", required=False)


class ExtensionForm(SpecificMessages, forms.Form):
    days = forms.IntegerField(label="延长工作日数（≤20）", min_value=1, max_value=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    approver = StaffChoiceField(label="批准人（政府信息公开工作机构负责人）", queryset=None)
    approved_date = forms.DateField(label="批准日期", widget=DATE)
    notice_date = forms.DateField(label="告知申请人日期", widget=DATE)

    def __init__(self, *args, approvers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approvers


class FeeForm(SpecificMessages, forms.Form):
    method = forms.ChoiceField(label="计收方式（只能选一种）", choices=Fee.Method.choices)
    quantity = forms.IntegerField(label="件数（本申请拆分件数）或页数", min_value=1)
    notice_date = forms.DateField(label="通知日期", widget=DATE)
    delivery = forms.ChoiceField(label="送达方式", choices=clock.DELIVERY_CHOICES)
    received_date = forms.DateField(label="申请人收到日期（不填：电子送达按通知当日，邮寄按推定日期）", required=False,
                                    widget=DATE)
    waive_reason = forms.CharField(label="减免理由（填写则不发收费通知，直接减免）", required=False)


class PaymentForm(SpecificMessages, forms.Form):
    fee = forms.IntegerField(widget=forms.HiddenInput)
    paid_date = forms.DateField(label="缴费日期", widget=DATE)


class WaiveForm(SpecificMessages, forms.Form):
    fee = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="减免理由")
    waived_date = forms.DateField(label="减免日期", widget=DATE)


class CloseForm(SpecificMessages, forms.Form):
    outcome = forms.ChoiceField(label="办理结果（年度报告表三口径）", choices=[("", "请选择"), *outcomes.CHOICES])
    reply_date = forms.DateField(label="答复日期", widget=DATE)
    already_public = forms.BooleanField(label="已主动公开（第三十六条第（一）项，在理由栏写明获取方式、途径）", required=False)
    reason = forms.CharField(label="理由/说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    referred_agency = forms.CharField(label="负责公开的机关及联系方式（非本机关负责时）", required=False)


class AppealForm(SpecificMessages, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Appeal.Kind.choices)
    filed_date = forms.DateField(label="申请/立案日期", widget=DATE)
    authority = forms.CharField(label="复议机关/人民法院", required=False)
    case_number = forms.CharField(label="案号", required=False)


class AppealDecisionForm(SpecificMessages, forms.Form):
    appeal = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label="结果", choices=[c for c in Appeal.Result.choices if c[0] != "pending"])
    decided_date = forms.DateField(label="审结日期", widget=DATE)


class LetterForm(SpecificMessages, forms.Form):
    kind = forms.ChoiceField(label="文书", choices=[("reply", "答复告知书"), ("correction", "补正告知书"),
                                                   ("extension", "延期答复告知书"), ("consultation", "第三方意见征询函"),
                                                   ("fee", "收费通知书")])
    date = forms.DateField(label="文书日期", widget=DATE)


class TemplateForm(SpecificMessages, forms.Form):
    title = forms.CharField(label="文书标题", max_length=100)
    body = forms.CharField(label="正文模板", widget=forms.Textarea(attrs={"rows": 18}))
