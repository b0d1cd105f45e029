from django import forms
from django.core.exceptions import ValidationError

from zhengwu.core.forms import AsksCaptcha, Fieldsets, SpecificMessages, captcha_field, personal, specific_messages

from .models import RatingLevel


class GuideRatingForm(SpecificMessages, AsksCaptcha, forms.Form):
    """网上一事一评 of a 办事指南 (GB/T 39734-2020 五级评价), on the platform's form pattern (decision 1301)."""

    level = forms.TypedChoiceField(label="您对本办事指南的评价", choices=RatingLevel.choices, coerce=int,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "请选择评价等级。"})
    reason = forms.CharField(label="评价内容（选择“不满意”“非常不满意”时必填）", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    real_name = forms.BooleanField(label="实名评价（便于我们回访）", required=False)
    rater_name = forms.CharField(label="姓名", required=False, max_length=50, widget=personal("name"))
    rater_phone = forms.RegexField(label="手机号码", required=False, regex=r"^1\d{10}$",
                                   error_messages={"invalid": "手机号码应为11位数字。"}, widget=personal("tel"))
    captcha = captcha_field()

    def clean(self):
        data = super().clean()
        if data.get("level") is not None and data["level"] <= RatingLevel.DISSATISFIED and not data.get("reason"):
            self.add_error("reason", "选择“不满意”或“非常不满意”时，请写明差评原因。")
        if data.get("real_name") and not data.get("rater_name"):
            self.add_error("rater_name", "实名评价请填写姓名。")
        return data


class SituationForm(forms.Form):
    """The 情形 of a 一件事, one radio group per question (field q<question id>): an answer that does not fit is
    shown like every form's error (summary, message on the group; decision 1301), not on a bare error page."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n, q in enumerate(questions, 1):
            self.fields[f"q{q.id}"] = forms.TypedChoiceField(
                label=f"{n}. {q.text}", required=False, coerce=int, empty_value=None, widget=forms.RadioSelect,
                choices=[(o.id, o.text) for o in q.options],
                error_messages={"invalid_choice": f"所选项不是问题“{q.text}”的选项，请重新选择。"})
        specific_messages(self)

    def clean(self):
        data = super().clean()
        foreign = [k[1:] for k, v in self.data.items() if k[:1] == "q" and k[1:].isdigit() and v and k not in self.fields]
        if foreign:
            raise ValidationError(f"问题 {foreign[0]} 不属于这件事，请重新选择。")
        return data

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): oid for name, oid in self.cleaned_data.items() if oid is not None}


class ServiceForm(forms.ModelForm):
    """The 事项 elements in the order of the national 实施清单; rules.py (through the action) checks them together."""

    note = forms.CharField(label="变更说明", max_length=300, help_text="改了什么、依据什么，将显示在办事指南的变更记录中")

    class Meta:
        from .models import Service

        model = Service
        fields = ["code", "name", "type", "audience", "theme", "basis_text", "level", "conditions", "process",
                  "legal_limit_workdays", "promised_limit_workdays", "charges_fee", "fee_standard", "fee_basis",
                  "location", "hours", "consult_phone", "complaint_phone", "online_depth", "online_available",
                  "cross_region", "fully_online", "nearby", "result_name", "is_active"]
        widgets = {"basis_text": forms.Textarea(attrs={"rows": 2}), "conditions": forms.Textarea(attrs={"rows": 3}),
                   "process": forms.Textarea(attrs={"rows": 4}), "fee_standard": forms.Textarea(attrs={"rows": 2}),
                   "fee_basis": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self):
        """The action reports a taken 事项编码 in its own words."""


class MaterialForm(forms.ModelForm):
    class Meta:
        from .models import Material

        model = Material
        fields = ["name", "source", "form", "copies", "necessity", "tolerance", "commitment", "exempt", "trust_level"]


MaterialFormSet = forms.formset_factory(MaterialForm, extra=2, can_delete=True)


# --- the 一件事 editor ------------------------------------------------------------------------------------------

class LifeEventForm(SpecificMessages, Fieldsets, forms.ModelForm):
    """A 一件事's own elements; its 事项 and 情形 are the formsets below, the action checks them together."""

    fieldsets = [("基本信息", ["name", "audience", "theme", "is_policy", "description", "window", "sort_order",
                               "is_active"])]

    class Meta:
        from .models import LifeEvent

        model = LifeEvent
        fields = ["name", "audience", "theme", "is_policy", "description", "window", "sort_order", "is_active"]
        widgets = {"audience": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"is_active": "停用后不在办事服务页面显示"}


class EntryForm(SpecificMessages, forms.Form):
    """One 事项 of the 一件事, in 办理顺序. Choices are given once per page (`service_choices`), not a query per row."""

    service = forms.TypedChoiceField(label="事项", coerce=int, required=False, empty_value=None)
    always = forms.BooleanField(label="必办", required=False)  # the fieldset's hint says what 必办 means

    def __init__(self, *args, service_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "（不选）"), *service_choices]


class QuestionForm(SpecificMessages, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)  # keeps the question's id (bookmarked 导办 links)
    text = forms.CharField(label="情形问题", max_length=200, required=False, help_text="如：是否外地户籍、经营面积")


class OptionForm(SpecificMessages, forms.Form):
    """One answer of a 情形 and what choosing it does to the 一次告知单."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="选项", max_length=200, required=False)
    include_services = forms.TypedMultipleChoiceField(label="选中时增加的事项", coerce=int, required=False,
                                                      widget=forms.CheckboxSelectMultiple)
    exclude_services = forms.TypedMultipleChoiceField(label="选中时免办的事项", coerce=int, required=False,
                                                      widget=forms.CheckboxSelectMultiple)
    include_materials = forms.TypedMultipleChoiceField(
        label="选中时需要的材料", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="“情形必要”的材料只在这里勾选的选项选中时列入告知单")
    exclude_materials = forms.TypedMultipleChoiceField(label="选中时免交的材料", coerce=int, required=False,
                                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, service_choices=(), material_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("include_services", "exclude_services"):
            self.fields[name].choices = list(service_choices)
        for name in ("include_materials", "exclude_materials"):
            self.fields[name].choices = list(material_choices)

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not (str(d.get("text") or "").strip() or any(d.get(k) for k in (
            "include_services", "exclude_services", "include_materials", "exclude_materials")))


EntryFormSet = forms.formset_factory(EntryForm, extra=3, can_delete=True)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True)
OptionFormSet = forms.formset_factory(OptionForm, extra=2, can_delete=True)


class RejectChangeForm(SpecificMessages, forms.Form):
    """退回修改 of a 事项变更 (decision 1301): the reason the unit will read."""

    comment = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "退回时请写明理由。"})
