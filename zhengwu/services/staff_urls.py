from django.urls import path

from . import staff_views as v

app_name = "services_staff"
urlpatterns = [
    path("", v.index, name="index"),
    path("warnings/", v.warnings, name="warnings"),
    path("bulletin/", v.bulletin, name="bulletin"),
    path("items/", v.items, name="items"),
    path("items/new/", v.edit, name="new"),
    path("items/<int:pk>/edit/", v.edit, name="edit"),
    path("changes/<int:pk>/", v.change_detail, name="change"),
    path("changes/<int:change_pk>/edit/", v.edit, name="change_edit"),
    path("changes/<int:pk>/do/<str:name>/", v.change_act, name="change_act"),
]
