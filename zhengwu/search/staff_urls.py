from django.urls import path

from . import staff_views

app_name = "search_staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("qa/new/", staff_views.qa_new, name="qa_new"),
    path("qa/<int:pk>/", staff_views.qa_edit, name="qa_edit"),
    path("faq/", staff_views.faq, name="faq"),
    path("faq/<int:pk>/", staff_views.faq_new, name="faq_new"),
    path("questions/<int:pk>/", staff_views.question_detail, name="question"),
    path("dictionary/", staff_views.dictionary, name="dictionary"),
    path("reindex/", staff_views.reindex, name="reindex"),
]
