from django.urls import path

from . import staff_views as v

app_name = "interaction_staff"
urlpatterns = [
    path("", v.queue, name="queue"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/act/<str:name>/", v.act, name="act"),
    path("hotline/", v.hotline_new, name="hotline"),
    path("hotline/import/", v.hotline_import, name="hotline_import"),
    path("participation/", v.participation, name="participation"),
    path("participation/consultation/new/", v.consultation_new, name="consultation_new"),
    path("participation/interview/new/", v.interview_new, name="interview_new"),
    path("participation/interview/<int:pk>/transcript/", v.transcript, name="transcript"),
    path("participation/<str:kind>/<int:pk>/", v.moderate, name="moderate"),
    path("participation/consultation/<int:pk>/feedback/", v.feedback, name="feedback"),
]
