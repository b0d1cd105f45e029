"""Staff form for a unit's public information. Validation of substance lives in zhengwu.org.actions."""
from django import forms

from zhengwu.core.forms import SpecificMessages

from .models import Role, Unit


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


class AccountCreateForm(SpecificMessages, forms.Form):
    """A new staff account (系统管理员); the password rules are checked by zhengwu.org.actions.create_account."""

    username = forms.CharField(label="用户名", max_length=150, help_text="字母、数字或 _ . @ + -，登录时使用")
    full_name = forms.CharField(label="姓名", max_length=150)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False),
                               help_text="至少10位，含小写字母、大写字母、数字、符号中的3类；请当面告知本人并要求其修改")


class RoleGrantForm(SpecificMessages, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.filter(is_active=True), empty_label="请选择单位")
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *Role.choices])
    reason = forms.CharField(label="授予理由", max_length=200, required=False, help_text="记入审计日志，如“岗位调整”")


class ReasonForm(SpecificMessages, forms.Form):
    reason = forms.CharField(label="理由", max_length=200, required=False)


class SiteProfileForm(SpecificMessages, forms.Form):
    """One site's settings (系统管理员)."""

    require_office_review = forms.BooleanField(label="发布前需公开办审核", required=False)
    icp_number = forms.CharField(label="ICP备案号", max_length=50, required=False)
    police_number = forms.CharField(label="公安备案号", max_length=50, required=False)
    site_code = forms.CharField(label="网站标识码", max_length=20, required=False)
    reason = forms.CharField(label="修改说明", max_length=200, required=False, help_text="记入审计日志")
