"""督查督办 staff forms: they only gather input and name each problem (decision 1301); the rules are the actions'."""
from __future__ import annotations

from django import forms

from zhengwu.core.forms import DateInput, SpecificMessages
from zhengwu.org.models import Unit


class ReportForm(SpecificMessages, forms.Form):
    """进展报送, for one of the units the user may report for (workflow.reporting_unit_ids)."""

    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none(), empty_label=None)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="写明做了什么、做到哪一步；不要写身份证号、手机号等个人信息")
    happened_on = forms.DateField(label="完成/进展日期", required=False, widget=DateInput())
    links = forms.CharField(label="佐证链接", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="每行一个，如已发布信息的网址（以 http://、https:// 或 / 开头）")
    file = forms.FileField(label="佐证材料", required=False, help_text="不超过 20 MB")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if self.is_bound and self.files.get("file"):  # a browser never re-fills a file input
            self.fields["file"].help_text = "提交未成功，文件没有保存，请重新选择；不超过 20 MB"

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class ReturnForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "退回时请写明理由。"})


class RemarkForm(SpecificMessages, forms.Form):
    remarks = forms.CharField(label="公开办意见（写入季度通报）", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(SpecificMessages, forms.Form):
    """The task table to preview; parsing problems are put on the file field by the view."""

    file = forms.FileField(label="任务分工文件", help_text=".docx、.xlsx、.html，或从网页复制保存的 .txt；不超过 5 MB",
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.html,.htm,.txt"}),
                           error_messages={"required": "请选择任务分工文件（.docx、.xlsx、.html 或 .txt）。"})
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              help_text="“年底前”等按此年计算；不填取表名中的年份",
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4"}),
                              error_messages={"invalid": "年度应为四位数字，如 2026。",
                                              "min_value": "年度应为四位数字，如 2026。",
                                              "max_value": "年度应为四位数字，如 2026。"})
    plan = forms.CharField(label="任务分工名称", max_length=300, required=False, help_text="不填取表名")


class AliasForm(SpecificMessages, forms.Form):
    """单位别名 added by hand (or from a row of the unmatched list, whose name then shows here on an error)."""

    name = forms.CharField(label="表中写法", max_length=100, help_text="如“县发改局”")
    unit = forms.ModelChoiceField(label="对应单位", queryset=Unit.objects.filter(is_active=True)
                                  .order_by("sort_order", "id"), empty_label="请选择单位",
                                  error_messages={"required": "请选择对应的单位。"})
