"""sitemap.xml: the site's Wagtail pages plus the published records the site speaks for.

Records are not pages (docs/decisions/0001), so Wagtail's sitemap alone would miss them.
"""
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from zhengwu.disclosure.models import Record

from .models import site_unit_ids


class RecordSitemap(WagtailSitemap):
    """Published records of the requesting site's unit and units below it (all of them on the county portal)."""

    limit = 5000

    def items(self):
        qs = Record.objects.public().only("id", "updated_at").order_by("-id")
        unit_ids = site_unit_ids(self.get_wagtail_site())
        return qs.filter(unit_id__in=unit_ids) if unit_ids is not None else qs

    def location(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, obj):
        return obj.updated_at

    def _urls(self, page, protocol, domain):
        return DjangoSitemap._urls(self, page, protocol, domain)


SITEMAPS = {"pages": WagtailSitemap, "records": RecordSitemap}
