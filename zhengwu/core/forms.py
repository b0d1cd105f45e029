"""Staff and public form plumbing shared by every app's views."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A browser date picker. ``<input type="date">`` accepts only ISO ``YYYY-MM-DD`` values; the zh-hans locale's
    ``2026/12/02`` would leave it empty and the form would fail with 必需字段."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # "format": Django's own argument name
        super().__init__(attrs=attrs, format=format)


def errors_to_form(form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show an action's ValidationError on the form: per-field messages on their fields (renamed by
    ``field_map`` where the action's names differ), the rest as non-field errors."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            target = field_map.get(key, key)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- the form pattern (docs/decisions/1301-form-pattern.md) ---------------------------------------------------

class ButtonForm(forms.Form):
    """A step that is only a button (确认完成, 提交审核): bound to the POST, its action's refusal goes on it as a
    non-field error, so the page shows it in the error summary like any other form's."""


_DEFAULT_MESSAGES: dict[type, dict[str, str]] = {}


def _defaults(field_class) -> dict[str, str]:
    """Django's own messages for a field class (to tell them from messages a form set on purpose)."""
    if field_class not in _DEFAULT_MESSAGES:
        messages: dict[str, str] = {}
        for klass in reversed(field_class.__mro__):
            messages.update(getattr(klass, "default_error_messages", {}))
        _DEFAULT_MESSAGES[field_class] = messages
    return _DEFAULT_MESSAGES[field_class]


def short_label(field, name: str) -> str:
    """The label as a noun for a message: "联系人（法人或其他组织填写）" → "联系人", "字号：" → "字号"."""
    label = str(field.label or name)
    for bracket in ("（", "("):
        if bracket in label and not label.startswith(bracket):
            label = label.split(bracket, 1)[0]
    return label.strip().rstrip("：:")


def specific_messages(form) -> None:
    """Replace Django's generic messages ("这个字段是必填项。") with ones that name the field and say what to do
    ("请填写申请人姓名。"), on any Django form. Messages a form sets itself are kept."""
    for name, field in form.fields.items():
        noun = short_label(field, name)
        if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
            wanted = {"required": f"请选择{noun}。", "invalid_choice": f"所选{noun}不在可选范围内，请重新选择。",
                      "invalid_list": f"请选择{noun}。"}
        elif isinstance(field, forms.BooleanField):
            wanted = {"required": f"请勾选“{noun}”。"}
        elif isinstance(field, forms.FileField):
            wanted = {"required": f"请选择要上传的{noun}。", "empty": f"上传的{noun}是空文件。",
                      "invalid": f"请选择要上传的{noun}。"}
        else:
            wanted = {"required": f"请填写{noun}。"}
        if isinstance(field, forms.DateField):
            wanted["invalid"] = f"{noun}格式不正确，应为 年-月-日（如 2026-03-02）。"
        elif isinstance(field, forms.IntegerField):
            wanted.update(invalid=f"{noun}应为整数。", min_value=f"{noun}不能小于%(limit_value)s。",
                          max_value=f"{noun}不能大于%(limit_value)s。")
        elif isinstance(field, forms.EmailField):
            wanted["invalid"] = f"{noun}格式不正确，应如 name@example.com。"
        elif isinstance(field, forms.URLField):
            wanted["invalid"] = f"{noun}格式不正确，应以 http:// 或 https:// 开头。"
        if isinstance(field, forms.CharField):
            wanted.update(max_length=f"{noun}不能超过%(limit_value)d个字（现有%(show_value)d个）。",
                          min_length=f"{noun}至少需要%(limit_value)d个字（现有%(show_value)d个）。")
        defaults = _defaults(type(field))
        for code, message in wanted.items():
            if field.error_messages.get(code) in (None, defaults.get(code)):
                field.error_messages[code] = message


class SpecificMessages:
    """Mixin for any form: specific Chinese messages per field (see `specific_messages`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        specific_messages(self)


class Fieldsets:
    """Mixin: `fieldsets = [("申请人信息", ["name", …]), …]` groups fields under legends (forms/fields.html
    renders them; fields not listed follow ungrouped)."""

    fieldsets: list[tuple[str, list[str]]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([name for _, names in self.fieldsets for name in names])  # the summary follows the page

    def fieldset_groups(self) -> list[dict]:
        listed = {name for _, names in self.fieldsets for name in names}
        out = [{"legend": legend, "fields": [self[n] for n in names if n in self.fields]}
               for legend, names in self.fieldsets]
        rest = [bf for bf in self if bf.name not in listed]
        if rest:
            out.append({"legend": "", "fields": rest})
        return out


class TelInput(forms.TextInput):
    """A phone number: the phone keypad on mobiles, the browser's saved number (WCAG 1.3.5)."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})


class ClearedInput(forms.TextInput):
    """Never echoes the submitted value (a captcha answer belongs to the question it answered)."""

    def format_value(self, value):
        return None


def personal(purpose: str, **attrs) -> forms.Widget:
    """The widget for a personal field with its autocomplete token (WCAG 1.3.5 识别输入目的) and keyboard:
    name, organization, email, street-address, postal-code, tel."""
    if purpose == "tel":
        return TelInput(attrs)
    if purpose == "email":
        return forms.EmailInput({"autocomplete": "email", "inputmode": "email", "spellcheck": "false", **attrs})
    if purpose == "postal-code":
        return forms.TextInput({"autocomplete": "postal-code", "inputmode": "numeric", **attrs})
    return forms.TextInput({"autocomplete": purpose, **attrs})


def captcha_field() -> forms.CharField:
    """The captcha answer box of every public form: empty after each submit (a new question each time)."""
    return forms.CharField(label="验证码", max_length=5,
                           widget=ClearedInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                           error_messages={"required": "请填写验证码的计算结果。"})


class AsksCaptcha:
    """Mixin for a public form with a `captcha_field()`: the question goes in the label (decision 1301, 7)."""

    def ask(self, question: str, *, again: bool = False) -> None:
        """Put the captcha question in the label; after a failed submit say that it is a new question."""
        self.fields["captcha"].label = f"验证码：{question}"
        self.fields["captcha"].help_text = ("每次提交都要计算新的题目；" if again else "") + "请填写阿拉伯数字"
        self._bound_fields_cache.pop("captcha", None)  # validation already built it with the old label
