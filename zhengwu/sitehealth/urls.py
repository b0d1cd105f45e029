from django.urls import path

from . import views

app_name = "sitehealth"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("sites/<int:site_id>/run/", views.run_now, name="run_now"),
]
