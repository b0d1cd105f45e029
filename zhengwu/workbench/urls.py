"""The ``staff`` namespace: the workbench's own pages plus the unit pages org provides."""
from django.urls import path

from zhengwu.org import views as org_views
from zhengwu.security import views as security_views

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("units/", org_views.unit_list, name="units"),
    path("units/<int:pk>/", org_views.unit_edit, name="unit_edit"),
    path("audit/", views.audit_log, name="audit"),
    path("accounts/", org_views.account_list, name="accounts"),
    path("accounts/<int:pk>/", org_views.account_detail, name="account"),
    path("accounts/<int:pk>/revoke/<int:membership_id>/", org_views.account_revoke, name="account_revoke"),
    path("accounts/<int:pk>/active/", org_views.account_active, name="account_active"),
    path("sites/", org_views.site_list, name="sites"),
    path("sites/<int:pk>/", org_views.site_edit, name="site_edit"),
    path("security/", security_views.overview, name="security"),
    path("security/unlock/", security_views.unlock, name="security_unlock"),
    path("security/sessions/<int:pk>/end/", security_views.end_sessions, name="security_end_sessions"),
]
