from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.index, name="index"),
    path("overrides/add/", views.add_override, name="add_override"),
    path("overrides/<str:day>/remove/", views.remove_override, name="remove_override"),
    path("years/confirm/", views.confirm_year, name="confirm_year"),
    path("years/<int:year>/revoke/", views.revoke_year, name="revoke_year"),
]
