"""Forms of the account pages: a verification code, the password change, the 安全管理员's 2FA reset."""
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm

from zhengwu.core.forms import SpecificMessages


class CodeForm(SpecificMessages, forms.Form):
    token = forms.CharField(label="验证码", max_length=20, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="身份验证器上当前显示的 6 位数字；手机不在身边时，可输入一个备用验证码。")


class StaffPasswordChangeForm(SpecificMessages, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"


class ResetForm(SpecificMessages, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    reason = forms.CharField(label="重置理由", max_length=200, help_text="如：已当面核实本人身份，手机丢失。")

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError("没有这个用户名，请核对。")
        return user


class UnlockForm(SpecificMessages, forms.Form):
    """解锁 on a row of the lockout list (decision 1301): the account and IP of the row, the reason typed."""

    username = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)
    ip = forms.CharField(required=False, max_length=45, widget=forms.HiddenInput)
    reason = forms.CharField(label="解锁理由", max_length=200,
                             error_messages={"required": "请填写解锁理由（如：已电话核实为本人输错密码）。"})


class EndSessionsForm(SpecificMessages, forms.Form):
    """强制下线's optional reason, one per account row of the 登录安全 page."""

    reason = forms.CharField(label="理由", max_length=200, required=False)
