from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhengwu.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self):
        from zhengwu.disclosure import columns

        from . import invalidation

        columns.register(_column_pages)
        invalidation.connect()


def _column_pages():
    """The portal's 栏目 pages offered to staff when they place a record."""
    from wagtail.models import Page

    from .models import ColumnPage

    return Page.objects.type(ColumnPage).live().order_by("path")
