"""The ``staff`` namespace: the workbench's own pages plus the unit pages org provides."""
from django.urls import path

from zhengwu.org import views as org_views

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("units/", org_views.unit_list, name="units"),
    path("units/<int:pk>/", org_views.unit_edit, name="unit_edit"),
    path("audit/", views.audit_log, name="audit"),
]
