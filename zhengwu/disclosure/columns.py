"""发布栏目: the site pages a record may be placed in, offered to disclosure by the portal.

disclosure does not import the portal (a floor above it). The portal registers the queryset of its column
pages at start-up (PortalConfig.ready); without a portal, any live page below a site root is a column.
"""
from __future__ import annotations

from collections.abc import Callable

_provider: Callable | None = None


def register(provider: Callable) -> None:
    """``provider()`` returns the queryset of pages staff may place records in."""
    global _provider
    _provider = provider


def column_queryset():
    if _provider is not None:
        return _provider()
    from wagtail.models import Page

    return Page.objects.live().filter(depth__gte=3).order_by("path")
