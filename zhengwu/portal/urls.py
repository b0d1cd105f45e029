from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("xxgk/<int:pk>/", views.record_detail, name="record"),
    path("xxgk/jd/<int:pk>/", views.interpretation_detail, name="interpretation"),
    path("wza/", views.accessibility, name="accessibility"),
    path("wza/care/", views.care_switch, name="care"),
    path("wza/font/", views.font_switch, name="font"),
]
