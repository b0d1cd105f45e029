from django.urls import path

from . import staff_views as v

app_name = "services_staff"
urlpatterns = [
    path("", v.index, name="index"),
    path("warnings/", v.warnings, name="warnings"),
    path("bulletin/", v.bulletin, name="bulletin"),
]
