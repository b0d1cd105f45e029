"""Which sites to check: a hostname, a site id or the hosting unit's code."""
from __future__ import annotations

from django.db.models import Q
from wagtail.models import Site


def find_sites(key: str | None = None) -> list[Site]:
    qs = Site.objects.select_related("profile").order_by("-is_default_site", "hostname", "pk")
    if not key:
        return list(qs)
    where = Q(hostname=key) | Q(profile__unit__code=key)
    if key.isdigit():
        where |= Q(pk=int(key))
    return list(qs.filter(where))
