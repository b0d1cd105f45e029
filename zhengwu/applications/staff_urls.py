from django.urls import path

from . import staff_views as v

app_name = "applications_staff"
urlpatterns = [
    path("", v.case_list, name="list"),
    path("export.csv", v.export_csv, name="export"),
    path("new/", v.register, name="register"),
    path("templates/", v.template_list, name="templates"),
    path("templates/<int:pk>/", v.template_edit, name="template_edit"),
    path("notifications/", v.notifications, name="notifications"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/do/<str:name>/", v.act, name="act"),
    path("<int:pk>/sub/<str:name>/", v.sub_act, name="sub_act"),
    path("<int:pk>/preview/<str:kind>/", v.letter_preview, name="letter_preview"),
    path("<int:pk>/letters/<int:letter_id>/", v.letter_view, name="letter"),
]
