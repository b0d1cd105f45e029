from django.urls import path

from . import downloads

app_name = "files"
urlpatterns = [
    path("a/<int:pk>/", downloads.attachment, name="attachment"),
    path("jd/<int:pk>/", downloads.interpretation_image, name="interpretation_image"),
]
