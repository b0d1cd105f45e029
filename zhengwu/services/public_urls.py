from django.urls import path

from . import public_views as v

app_name = "services_public"
urlpatterns = [
    path("", v.index, name="index"),
    path("bm/<slug:code>/", v.by_unit, name="unit"),
    path("zt/<slug:theme>/", v.by_theme, name="theme"),
    path("sx/<str:code>/", v.guide, name="guide"),
    path("sx/<str:code>/zhinan.docx", v.guide_docx, name="guide_docx"),
    path("sx/<str:code>/pj/", v.rate_guide, name="rate"),
    path("yjs/", v.life_events, name="life_events"),
    path("yjs/<int:pk>/", v.life_event, name="life_event"),
    path("yjs/<int:pk>/gaozhidan.docx", v.life_event, {"fmt": "docx"}, name="life_event_docx"),
    path("hcp/", v.rating_stats, name="ratings"),
]
