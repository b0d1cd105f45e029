from django.urls import path

from . import public_views as v
from .models import Channel

app_name = "interaction_public"
urlpatterns = [
    path("", v.index, name="index"),
    path("xzxx/", v.write, {"channel": Channel.COUNTY_MAILBOX}, name="county_mailbox"),
    path("bmxx/", v.write, {"channel": Channel.UNIT_MAILBOX}, name="unit_mailbox"),
    path("done/", v.done, name="done"),
    path("cx/", v.status, name="status"),
    path("cx/pj/", v.rate, name="rate"),
    path("cx/cb/", v.rehandle, name="rehandle"),
    path("dfgk/", v.replies, name="replies"),
    path("dfgk/<int:pk>/", v.reply_detail, name="reply"),
    path("tj/", v.statistics, name="statistics"),
    path("zc/", v.site_error, name="site_error"),
    path("yjzj/", v.consultations, name="consultations"),
    path("yjzj/<int:pk>/", v.consultation, name="consultation"),
    path("ftzb/", v.interviews, name="interviews"),
    path("ftzb/<int:pk>/", v.interview, name="interview"),
]
