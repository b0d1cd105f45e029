from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("statistics/", views.statistics, name="statistics"),
    path("figures/", views.figures, name="figures"),
    path("figures/template.xlsx", views.figures_template, name="figures_template"),
    path("<int:year>/<slug:code>/", views.report_page, name="report"),
    path("<int:year>/<slug:code>/figures/", views.figures_save, name="figures_save"),
    path("<int:year>/<slug:code>/publish/", views.publish, name="publish"),
    path("<int:year>/<slug:code>/report.<str:fmt>", views.export, name="export"),
]
