from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from zhengwu.api.api import api
from zhengwu.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}),
    path("staff/workdays/", include("zhengwu.workdays.urls")),
    path("staff/account/", include("zhengwu.security.urls")),
    path("staff/", include("zhengwu.workbench.urls")),
    path("staff/records/", include("zhengwu.disclosure.urls")),
    path("staff/applications/", include("zhengwu.applications.staff_urls")),
    path("staff/interaction/", include("zhengwu.interaction.staff_urls")),
    path("staff/reports/", include("zhengwu.reports.urls")),
    path("staff/supervision/", include("zhengwu.supervision.urls")),
    path("staff/services/", include("zhengwu.services.staff_urls")),
    path("staff/sitehealth/", include("zhengwu.sitehealth.urls")),
    path("staff/search/", include("zhengwu.search.staff_urls")),
    path("yisq/", include("zhengwu.applications.public_urls")),
    path("bsfw/", include("zhengwu.services.public_urls")),
    path("hdjl/", include("zhengwu.interaction.public_urls")),
    path("search/", include("zhengwu.search.urls")),
    path("files/", include("zhengwu.disclosure.download_urls")),
    path("", include("zhengwu.portal.urls")),
]

urlpatterns += [path("", include(wagtail_urls))]
