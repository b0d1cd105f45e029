"""Wagtail's Site for a request and the sites' root paths, kept per worker under the content version
(portal.invalidation.lists_version), instead of a site query and a cache query on every request (issue 16 item 3).

Every Site save or delete and every Wagtail page published, unpublished or moved bumps the version
(portal.invalidation), so the next request looks them up again. The Site and its root page are shared by the
requests of one worker: read them, never change them (the admin edits its own instances)."""
from __future__ import annotations

import threading

from django.http.request import split_domain_port
from wagtail.models import Site

_lock = threading.Lock()
_state: dict = {"version": None, "sites": {}, "root_paths": None}
_MISSING = object()


def _current(version) -> dict:
    state = _state
    if state["version"] != version:
        with _lock:
            if _state["version"] != version:
                _state.update(version=version, sites={}, root_paths=None)
            state = _state
    return state


def site_for_request(request):
    """The request's Site (as Wagtail's `Site.find_for_request` finds it), also set where Wagtail looks for it
    (`request._wagtail_site`, `request._wagtail_cached_site_root_paths`), so `pageurl` and `get_url` ask nothing."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    from .invalidation import lists_version

    state = _current(lists_version())
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    site = state["sites"].get(key, _MISSING)
    if site is _MISSING:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page  # noqa: B018 - fetched once here, not by each request
        if len(state["sites"]) < 256:
            state["sites"][key] = site
    if state["root_paths"] is None:
        state["root_paths"] = Site.get_site_root_paths()
    request._wagtail_site = site
    request._wagtail_cached_site_root_paths = state["root_paths"]
    return site


# Answers that never show a Wagtail page or the site chrome: they keep their own (fewer) queries.
_NO_SITE = ("/api/", "/staff/", "/cms/", "/django-admin/", "/files/", "/documents/", "/static/", "/media/")


class SiteMiddleware:
    """Finds the Site once per request from the per-worker copy (before the page cache and the views ask)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(_NO_SITE):
            site_for_request(request)
        return self.get_response(request)
