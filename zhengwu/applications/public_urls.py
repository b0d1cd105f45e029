from django.urls import path

from . import public_views

app_name = "applications_public"
urlpatterns = [
    path("", public_views.apply, name="apply"),
    path("done/", public_views.done, name="done"),
    path("cx/", public_views.status, name="status"),
]
