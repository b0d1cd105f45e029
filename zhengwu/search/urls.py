from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("qa/", views.ask_page, name="ask"),
    path("qa/<int:pk>/", views.qa_detail, name="qa_detail"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
]
