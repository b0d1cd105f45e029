from django.urls import path

from . import staff_views as v

app_name = "supervision_staff"
urlpatterns = [
    path("", v.index, name="index"),
    path("import/", v.upload, name="upload"),
    path("plans/<int:pk>/", v.plan_detail, name="plan"),
    path("plans/<int:pk>/report/", v.quarter_report, name="report"),
    path("aliases/", v.aliases, name="aliases"),
    path("tasks/<int:pk>/", v.task_detail, name="task"),
    path("tasks/<int:pk>/do/<str:name>/", v.act, name="act"),
]
