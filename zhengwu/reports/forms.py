from django import forms

from zhengwu.core.forms import SpecificMessages


class NarrativeForm(SpecificMessages, forms.Form):
    overview = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 10}),
                               help_text="综述主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况；每段一行。")
    problems = forms.CharField(label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 6}))
    other_matters = forms.CharField(label="六、其他需要报告的事项（信息处理费收取情况由系统自动填入）", required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))


class FiguresForm(SpecificMessages, forms.Form):
    licensing = forms.IntegerField(label="行政许可（本年处理决定数量）", min_value=0)
    penalty = forms.IntegerField(label="行政处罚（本年处理决定数量）", min_value=0)
    enforcement = forms.IntegerField(label="行政强制（本年处理决定数量）", min_value=0)
    fees = forms.DecimalField(label="行政事业性收费（本年收费金额，万元）", min_value=0, decimal_places=4, max_digits=14)
    note = forms.CharField(label="说明", required=False, max_length=300)


class PublishForm(SpecificMessages, forms.Form):
    secrecy_opinion = forms.CharField(label="保密审查意见", initial="经审查，不涉及国家秘密。",
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(SpecificMessages, forms.Form):
    file = forms.FileField(label="填报表（.xlsx）", help_text="请先下载填报模板，填写后上传；任何一行有误时整表不导入。")
