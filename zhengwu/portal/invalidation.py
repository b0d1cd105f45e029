"""What drops cached pages (docs/decisions/1701): model signals of the domain apps, so no domain app imports the
portal. A record is shown on every site (集约化), so a change to a public record drops every site's pages; a
Wagtail page, its site's pages. Changes to things the public never sees (a draft, a new unanswered letter, a
review decision) drop nothing."""
from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.core.signals import request_started
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from . import pagecache

LISTS_VERSION_KEY = "portal:lists-version"


_request = threading.local()  # the version as this thread's current request first read it


def lists_version() -> int:
    """A number that changes whenever public content changes: cached filter lists are kept under it.
    Read once per request (a cache query each time cost the home page one per column block); every request
    starts without it, so a change made by another worker is seen on the next request."""
    version = getattr(_request, "version", None)
    if version is None:
        # Starts from the clock, not 1: a cache emptied (or a new test's key prefix) never meets an old worker's entry.
        version = _request.version = cache.get_or_set(LISTS_VERSION_KEY, time.time_ns, None)
    return version


def _forget_version(**kwargs) -> None:
    _request.version = None


def _drop(site_id: int | None = None) -> None:
    pagecache.invalidate(site_id)
    try:
        cache.incr(LISTS_VERSION_KEY)
    except ValueError:
        cache.set(LISTS_VERSION_KEY, time.time_ns(), None)
    _forget_version()


def _field(instance, name):
    """A field's loaded value without loading a deferred one (lists use .only())."""
    return instance.__dict__.get(name)


# model label -> predicate "is this row visible to the public"; None = every change is public
PUBLIC_WHEN = {
    "disclosure.Record": lambda r: _field(r, "status") == "published",
    "disclosure.Interpretation": lambda i: _field(i, "status") == "published",
    "disclosure.Attachment": None,
    "disclosure.RecordRelation": lambda r: _field(r, "applied_at") is not None,
    "disclosure.Category": None,
    "disclosure.Topic": None,
    "interaction.Message": lambda m: bool(_field(m, "published")),
    "interaction.Consultation": None,
    "interaction.Comment": lambda c: _field(c, "status") == "approved",
    "interaction.Interview": None,
    "interaction.InterviewQuestion": lambda q: _field(q, "status") == "approved",
    "services.Service": None,
    "services.Material": None,
    "services.LifeEvent": None,
    "services.LifeEventService": None,
    "services.Question": None,
    "services.Option": None,
    "org.Unit": None,
    "search.QAPair": None,
    "search.DictionaryTerm": None,
    "search.SynonymGroup": None,
    "reports.AnnualReport": None,
    "wagtailcore.Site": None,
}


def _remember(sender, instance, **kwargs):
    check = PUBLIC_WHEN.get(sender._meta.label)
    if check is not None:
        instance._page_cache_was_public = check(instance)


def _changed(sender, instance, **kwargs):
    label = sender._meta.label
    if label not in PUBLIC_WHEN:
        return
    check = PUBLIC_WHEN[label]
    if check is None or check(instance) or getattr(instance, "_page_cache_was_public", False):
        _drop()
    if check is not None:
        instance._page_cache_was_public = check(instance)


def _placement(sender, instance, action, **kwargs):
    """栏目 placement (Record.columns): a public record moved in or out of a column."""
    from zhengwu.disclosure.models import Record

    if action.startswith("post_") and (not isinstance(instance, Record) or PUBLIC_WHEN[Record._meta.label](instance)):
        _drop()


def _page_changed(sender, instance, **kwargs):
    """A Wagtail page published, unpublished, moved or deleted: that page's site."""
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    try:
        site = instance.get_site()
    except Exception:  # a page being deleted may no longer find its site: drop every site's pages
        site = None
    _drop(site.pk if site else None)


def _profile_changed(sender, instance, **kwargs):
    _drop(_field(instance, "site_id"))


def connect() -> None:
    from django.apps import apps
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from zhengwu.disclosure.models import Record
    from zhengwu.org.models import SiteProfile

    request_started.connect(_forget_version, dispatch_uid="lists-version-per-request")
    for label in PUBLIC_WHEN:
        model = apps.get_model(label)
        post_init.connect(_remember, sender=model, dispatch_uid=f"pagecache-remember-{label}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    m2m_changed.connect(_placement, sender=Record.columns.through, dispatch_uid="pagecache-columns")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"pagecache-{id(signal)}")
    post_delete.connect(_page_changed, dispatch_uid="pagecache-page-delete")
    post_save.connect(_profile_changed, sender=SiteProfile, dispatch_uid="pagecache-profile")
    post_delete.connect(_profile_changed, sender=SiteProfile, dispatch_uid="pagecache-profile-delete")
