"""Staff forms for the 问答库, the question queue and the dictionary."""
from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from zhengwu.core.forms import AsksCaptcha, SpecificMessages, captcha_field
from zhengwu.disclosure import doc_number
from zhengwu.disclosure.models import Record
from zhengwu.org.models import Unit

from .actions import QUESTION_MAX


def resolve_sources(text: str) -> list[Record]:
    """政策依据 typed as 文号 or 信息编号, separated by commas/semicolons/new lines."""
    records, missing = [], []
    for part in re.split(r"[,，;；\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        found = None
        if part.isdigit():
            found = Record.objects.filter(pk=int(part)).first()
        else:
            key = doc_number.search_key(part)
            found = Record.objects.filter(document_number_key=key).order_by("-published_at").first() if key else None
        if found is None:
            missing.append(part)
        elif found not in records:
            records.append(found)
    if missing:
        raise ValidationError(f"找不到以下政策依据：{'、'.join(missing)}（请填写文号或信息编号）。")
    return records


class QAForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="答复部门", queryset=Unit.objects.none())
    question = forms.CharField(label="问题", max_length=300)
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 6}))
    sources = forms.CharField(label="政策依据", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="填写文号（如 槐政办发〔2020〕1号）或信息编号，多个用逗号或换行分隔。发布的问答至少需要一份依据。")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def clean_sources(self):
        return resolve_sources(self.cleaned_data.get("sources", ""))


class TermForm(SpecificMessages, forms.Form):
    word = forms.CharField(label="新词条", max_length=40, help_text="如：一件事一次办。增加后需重建索引才能用于已发布的信息。")
    note = forms.CharField(label="说明", max_length=200, required=False)


class SynonymForm(SpecificMessages, forms.Form):
    terms = forms.CharField(label="同义词组", max_length=300, help_text="用空格分隔，第一个为规范词，如：社会保险 社保")
    note = forms.CharField(label="说明", max_length=200, required=False)


class ForwardForm(AsksCaptcha, SpecificMessages, forms.Form):
    """转交人工答复 on the 政策问答 page (public; decision 1301): the question and the captcha of the public forms."""

    question = forms.CharField(label="把问题转交工作人员答复", max_length=QUESTION_MAX,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="请勿填写身份证号、手机号等个人信息；答复后收录到政策问答库",
                               error_messages={"required": "请填写您的问题。"})
    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="forward-%s", **kwargs)


class DismissForm(SpecificMessages, forms.Form):
    """不予处理 of a forwarded question: the reason is required (actions.dismiss_question)."""

    reason = forms.CharField(label="不予处理的理由", max_length=200, help_text="如重复提问、与政务无关",
                             error_messages={"required": "请填写不予处理的理由（如重复提问、与政务无关）。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="dismiss-%s", **kwargs)


class ArchiveForm(SpecificMessages, forms.Form):
    """停用 of a 政策问答: the reason is required (actions.archive_qa)."""

    reason = forms.CharField(label="停用理由", max_length=200, error_messages={"required": "请填写停用理由。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="archive-%s", **kwargs)
