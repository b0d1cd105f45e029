"""/staff/account/: the signed-in user's own security settings (and the 安全管理员's reset page)."""
from django.urls import path

from . import account_views as views

app_name = "security"
urlpatterns = [
    path("", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("2fa/verify/", views.verify, name="verify"),
    path("2fa/setup/", views.setup, name="setup"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("remove-2fa/", views.remove, name="remove"),
    path("reset-2fa/", views.reset, name="reset"),
]
