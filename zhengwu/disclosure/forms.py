"""Staff forms for government information. They only parse input; the rules live in zhengwu.disclosure.actions."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from zhengwu.core.forms import DateInput, SpecificMessages
from zhengwu.org import access
from zhengwu.org.models import Unit

from . import attachments as attachment_rules
from .columns import column_queryset
from .models import Category, Interpretation, Record, RecordRelation, Topic


class ColumnChoiceField(forms.ModelMultipleChoiceField):
    """Labels columns with their site root so 集约化 columns of different sites can be told apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._titles: dict[str, str] | None = None

    def label_from_instance(self, obj):
        if self._titles is None:
            from wagtail.models import Page

            self._titles = dict(Page.objects.filter(depth__gte=2).values_list("path", "title"))
        steps = _path_steps(obj.path)
        trail = [self._titles.get(p, "") for p in steps[1:-1]]
        return " › ".join([t for t in trail if t] + [obj.title])


def column_labels(columns) -> list[str]:
    """"示范县人民政府 › 通知公告" for each column: the same title under two sites must be told apart (one query)."""
    from wagtail.models import Page

    columns = list(columns)
    wanted = {p for c in columns for p in _path_steps(c.path)[1:-1]}
    titles = dict(Page.objects.filter(path__in=wanted).values_list("path", "title")) if wanted else {}
    return [" › ".join([t for t in (titles.get(p, "") for p in _path_steps(c.path)[1:-1]) if t] + [c.title])
            for c in columns]


def _path_steps(path: str, steplen: int = 4) -> list[str]:
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments in one field; type and size checked with the same rule the action applies."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError("请选择要上传的附件。")
        errors = []
        for f in files:
            try:
                attachment_rules.check(f.name, f.size)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


def attachment_help() -> str:
    from django.conf import settings

    limit = settings.ZHENGWU_ATTACHMENT_MAX_BYTES / 1048576
    return f"可多选。允许的类型：{'、'.join(settings.ZHENGWU_ATTACHMENT_EXTENSIONS)}；单个不超过 {limit:.0f} MB。"


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.item_label}　{obj.name}"


DATE = DateInput()


class RecordForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="发布机构（单位）", queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="信息类型", choices=Record.Kind.choices)
    title = forms.CharField(label="标题", max_length=300, widget=forms.TextInput(attrs={"size": 80}))
    document_number = forms.CharField(label="文号", max_length=100, required=False,
                                      help_text="如“示政办发〔2026〕1号”；[]、【】、全角数字等写法保存时自动规范。")
    topic = forms.ModelChoiceField(label="主题分类", queryset=Topic.objects.all(), required=False,
                                   empty_label="（未分类）")
    categories = CategoryChoiceField(
        label="条例第二十条公开类别", queryset=Category.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个条例第二十条公开类别。"})
    written_date = forms.DateField(label="成文日期", required=False, widget=DATE)
    effective_date = forms.DateField(label="施行日期", required=False, widget=DATE)
    expiry_date = forms.DateField(label="有效期至", required=False, widget=DATE)
    validity = forms.ChoiceField(label="有效性", choices=Record.Validity.choices, initial=Record.Validity.VALID)
    disclosure_mode = forms.ChoiceField(label="公开方式", choices=Record.DisclosureMode.choices,
                                        initial=Record.DisclosureMode.PROACTIVE)
    nondisclosure_reason = forms.CharField(label="不予公开理由", required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}),
                                           help_text="公开方式为“不予公开”时必填，写明依据（条例第十四、十五、十六条）。")
    summary = forms.CharField(label="摘要", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14, "data-paste-html": ""}),
                           help_text="直接输入时每行为一段；从 Word、WPS 复制粘贴时保留标题、列表和表格。"
                                     "样式、脚本等保存时会被清除。")
    publisher_name = forms.CharField(label="发布机构（署名）", max_length=100, required=False,
                                     help_text="与单位名称不同时填写，如联合发文；转载的填原发布机关。")
    reposted = forms.BooleanField(label="转载（其他机关制发，本单位转载，不计入本单位年度报告）", required=False)
    attachments = MultipleFileField(label="附件", required=False)

    FIELD_ORDER = ["unit", "kind", "title", "document_number", "topic", "categories", "written_date",
                   "effective_date", "expiry_date", "validity", "disclosure_mode", "nondisclosure_reason", "summary",
                   "body", "columns", "publisher_name", "reposted", "attachments"]

    def __init__(self, *args, user, record: Record | None = None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(record)
        super().__init__(*args, **kwargs)
        self.fields["columns"] = ColumnChoiceField(label="发布栏目", queryset=column_queryset(), required=False,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   help_text="同一条信息可同时出现在多个网站的栏目中（数据同源）。")
        self.order_fields(self.FIELD_ORDER)
        self.fields["attachments"].help_text = attachment_help()
        if record is None:
            units = Unit.objects.filter(is_active=True)
            if not access.is_office_admin(user):
                units = units.filter(pk__in=access.unit_ids_with_role(user, "editor", "reviewer"))
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]
            del self.fields["attachments"]

    @staticmethod
    def initial_for(record: Record) -> dict:
        initial = {f: getattr(record, f) for f in ("kind", "title", "document_number", "topic", "written_date",
                                                    "effective_date", "expiry_date", "validity", "disclosure_mode",
                                                    "nondisclosure_reason", "summary", "body", "publisher_name",
                                                    "reposted")}
        initial["categories"] = list(record.categories.all())
        initial["columns"] = list(record.columns.all())
        return initial

    def action_fields(self) -> dict:
        """cleaned_data as keyword arguments for actions.create_record / update_record."""
        data = dict(self.cleaned_data)
        for key in ("unit", "attachments", "categories", "columns"):
            data.pop(key, None)
        return data


class RecordFilterForm(SpecificMessages, forms.Form):
    q = forms.CharField(label="标题或正文", required=False, widget=forms.TextInput(attrs={"type": "search"}))
    document_number = forms.CharField(label="文号", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *Record.Status.choices])
    kind = forms.ChoiceField(label="信息类型", required=False, choices=[("", "全部"), *Record.Kind.choices])
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "全部"), *Record.Validity.choices])
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class AttachmentForm(SpecificMessages, forms.Form):
    files = MultipleFileField(label="附件", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = attachment_help()


class SecrecyForm(SpecificMessages, forms.Form):
    passed = forms.TypedChoiceField(label="审查结论", choices=[("1", "通过：不涉及国家秘密"), ("0", "不通过：退回修改")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    opinion = forms.CharField(label="保密审查意见", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "请填写保密审查意见。"})


class CommentForm(SpecificMessages, forms.Form):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(SpecificMessages, forms.Form):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "退回时请填写退回意见。"})


class ReasonForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写理由。"})


class ValidityForm(SpecificMessages, forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Record.Validity.choices)
    reason = forms.CharField(label="变更依据", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写变更有效性的依据。"})


class RelationForm(SpecificMessages, forms.Form):
    kind = forms.ChoiceField(label="关系", choices=RecordRelation.Kind.choices)
    target_query = forms.CharField(label="被修改/废止文件的文号或标题", required=False, max_length=200)
    target_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("target_query") and not data.get("target_id"):
            raise ValidationError("请填写被修改或废止文件的文号或标题。")
        return data


class ImageField(forms.FileField):
    """A 图解 image: type and size checked with the rule add_interpretation applies (content checked there)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            from .actions import check_interpretation_image_file

            try:
                check_interpretation_image_file(upload.name, upload.size)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return upload


def image_help() -> str:
    from .actions import interpretation_image_max_bytes

    limit = interpretation_image_max_bytes() / 1048576
    return f"仅“图文/图解”形式可上传。允许的类型：png、jpg、gif、webp；不超过 {limit:.0f} MB。"


class InterpretationForm(SpecificMessages, forms.Form):
    form = forms.ChoiceField(label="解读形式", choices=Interpretation.Form.choices)
    title = forms.CharField(label="解读标题", max_length=300)
    body = forms.CharField(label="解读内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    link = forms.URLField(label="链接（视频/H5/访谈）", required=False, assume_scheme="https")
    image = ImageField(label="图解图片", required=False,
                       widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.gif,.webp"}))
    schedule = forms.BooleanField(label="随文件同步发布", required=False, initial=True,
                                  help_text="勾选后与文件同时发布（文件已发布时立即发布）。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = image_help()

    def clean(self):
        data = super().clean()
        if data.get("image") and data.get("form") and data["form"] != Interpretation.Form.GRAPHIC:
            self.add_error("image", "只有“图文/图解”形式的解读可以上传图片。")
        return data


class AttachmentReplaceForm(SpecificMessages, forms.Form):
    """One file that takes the place of an attachment (same type and size rule as new attachments)."""

    file = forms.FileField(label="新文件", error_messages={"required": "请选择用来替换的文件。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = attachment_help().removeprefix("可多选。")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachment_rules.check(upload.name, upload.size)
        return upload


class AttachmentRemoveForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="删除理由", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写删除附件的理由。"},
                             help_text="记入操作记录，如“附件含个人身份证号，已删除”。")


class DeleteRecordForm(SpecificMessages, forms.Form):
    confirm = forms.BooleanField(label="我确认删除这条草稿（删除后不能恢复）",
                                 error_messages={"required": "请勾选“确认删除”后再删除。"})
    reason = forms.CharField(label="删除理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
