"""Staff form for a unit's public information. Validation of substance lives in zhengwu.org.actions."""
from django import forms

from zhengwu.core.forms import SpecificMessages

from .models import Unit


class UnitInfoForm(SpecificMessages, forms.Form):
    """条例第二十条第（二）项 content of one unit."""

    functions = forms.CharField(label="机构职能", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    leader_name = forms.CharField(label="负责人", max_length=50, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False,
                                   help_text="如：工作日 上午8:30-12:00，下午14:30-17:30")
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  help_text="18位，按 GB 32100-2015 校验；用于生成索引号。")
    reason = forms.CharField(label="修改说明", max_length=200, required=False,
                             help_text="记入审计日志，如“负责人调整”。")

    @classmethod
    def for_unit(cls, unit: Unit, data=None):
        initial = {f: getattr(unit, f) for f in ("functions", "leader_name", "address", "office_hours", "phone",
                                                 "email", "postcode", "credit_code")}
        return cls(data=data, initial=initial)
