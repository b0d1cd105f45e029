from django.urls import path

from . import life_event_views as le
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
    path("life-events/", le.life_event_list, name="life_events"),
    path("life-events/new/", le.life_event_edit, name="life_event_new"),
    path("life-events/<int:pk>/edit/", le.life_event_edit, name="life_event_edit"),
]
