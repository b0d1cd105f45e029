"""Anonymous full-page cache published as files that nginx serves directly (docs/decisions/1701).

Layout under ZHENGWU_PAGE_CACHE_DIR (nginx's root for pages):
    live/<host>            symlink to gen/<host>@<n>/ — the current generation of that host's pages
    gen/<host>@<n>/<mode>/<path>index.html      a page without query string (nginx `try_files` finds it)
    gen/<host>@<n>/<mode>/<path>q/<query>.html  a page with a plain query string (?page=3&validity=valid)
    gen/<host>@<n>/<mode>/<path>q-<sha1>.<ext>  other query strings, JSON, XML (served by this middleware)
    hosts/<host>           the Wagtail Site id the host resolved to (for invalidating one site)
<mode> is `c0|c1` (关怀版 cookie) and `f-1…f3` (字号 cookie), e.g. `c1-f2`; the same rule is in nginx's map.

Invalidation drops either single pages (`drop`: a page with all its query variants, or a whole subtree, on every
mode) or a host's whole generation (`invalidate`: the symlink switched to a fresh generation, the old one deleted).
A request notes the time and its generation before it reads anything from the database; a page rendered from data
older than a change is thrown away: its generation is already gone, or a drop marker (drops/) newer than the
request names its page (checked after the file is written, and drops write their marker before deleting, so
one of the two always sees the other). A stale page is never published.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import tempfile
import time
from email.utils import formatdate
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

# Paths that are never cached: staff, admin, protected downloads, forms that take personal data, lookups by
# 查询码 (their state changes without any public change), live statistics and one-time captchas.
EXCLUDED_PREFIXES = ("/staff/", "/cms/", "/django-admin/", "/documents/", "/files/", "/yisq/", "/wza/care/",
                     "/wza/font/", "/static/", "/media/", "/hdjl/cx/", "/hdjl/done/", "/hdjl/tj/", "/bsfw/hcp/",
                     "/api/v1/applications", "/api/v1/qa/captcha")
# Cookies that do not change a public page (besides the two mode cookies, which are part of the key).
NEUTRAL_COOKIES = {"care_mode", "font_step", "csrftoken"}
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "json": "application/json; charset=utf-8",
                 "xml": "application/xml; charset=utf-8"}
_HOST = re.compile(r"^[a-z0-9.\-]{1,253}$")
_counter = itertools.count()


def root() -> Path | None:
    value = getattr(settings, "ZHENGWU_PAGE_CACHE_DIR", "")
    return Path(value) if value else None


def mode(request) -> str:
    """关怀版 and 字号 as part of the key, normalised exactly as nginx's map does (deploy/nginx)."""
    care = "c1" if request.COOKIES.get("care_mode") == "1" else "c0"
    step = request.COOKIES.get("font_step", "0") or "0"
    if step not in {"-1", "0", "1", "2", "3"}:
        return ""  # an odd value: the page clamps it; not worth a key of its own
    return f"{care}-f{step}"


def _host(request) -> str:
    host = request.get_host().rsplit(":", 1)[0].lower() if "]" not in request.get_host() else ""
    return host if _HOST.match(host) and ".." not in host else ""


def cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or root() is None:
        return False
    if any(name not in NEUTRAL_COOKIES for name in request.COOKIES):
        return False  # a session (staff, or someone mid-form), flash messages …: always rendered fresh
    path = request.path
    if path.startswith(EXCLUDED_PREFIXES) or len(path) > 300 or "\x00" in path:
        return False
    return ".." not in path.split("/") and not path.startswith("//")


def _generation(host: str) -> Path:
    """The current generation directory of a host, created on first use."""
    base = root()
    live = base / "live" / host
    try:
        return Path(os.path.realpath(live, strict=True))
    except OSError:
        return _switch(host)


def _switch(host: str) -> Path:
    """Point the host at a new, empty generation; remove the old ones."""
    base = root()
    (base / "live").mkdir(parents=True, exist_ok=True)
    (base / "gen").mkdir(parents=True, exist_ok=True)
    name = f"{host}@{time.time_ns()}-{os.getpid()}-{next(_counter)}"  # "@" never occurs in a host name
    new = base / "gen" / name
    new.mkdir()
    tmp = base / "live" / f".{name}.tmp"
    os.symlink(Path("..") / "gen" / name, tmp)
    os.replace(tmp, base / "live" / host)  # atomic: nginx and the workers see the old or the new generation
    for old in (base / "gen").glob(f"{host}@*"):
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return new


# A query string nginx may use as a file name as it is (deploy/nginx/zhengwu-http.conf.in has the same rule).
_PLAIN_QUERY = re.compile(r"^(?!.*\.\.)[A-Za-z0-9=&%_.\-]{1,200}$")


def _file_for(request, response_type: str) -> str | None:
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    if response_type == "html" and path.endswith("/"):
        if not query:
            return path.lstrip("/") + "index.html"
        if _PLAIN_QUERY.match(query):
            return path.lstrip("/") + f"q/{query}.html"  # ?page=40, 文件库 filters, search: nginx finds it too
    digest = hashlib.sha1(f"{path}?{query}".encode(), usedforsecurity=False).hexdigest()
    folder = path.rsplit("/", 1)[0].lstrip("/")
    return (folder + "/" if folder else "") + f"q-{digest}.{response_type}"


def _lookup(request, generation: Path, key_mode: str) -> HttpResponse | None:
    for response_type in CONTENT_TYPES:
        rel = _file_for(request, response_type)
        target = generation / key_mode / rel
        try:
            body = target.read_bytes()
            mtime = target.stat().st_mtime
        except OSError:
            continue
        response = HttpResponse(body, content_type=CONTENT_TYPES[response_type])
        response["Last-Modified"] = formatdate(mtime, usegmt=True)
        response["X-Page-Cache"] = "hit"
        return response
    return None


def _response_type(response) -> str | None:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return {"text/html": "html", "application/json": "json", "application/xml": "xml"}.get(content_type)


def _storable(request, response) -> str | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_page_cache_skip", False):
        return None
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return None
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie", "accept-encoding"}:
        return None
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return None
    return _response_type(response)


def _store(generation: Path, key_mode: str, rel: str, body: bytes) -> None:
    target = generation / key_mode / rel
    if not generation.exists():
        return  # invalidated while rendering: this page shows old data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def _remember_site(request, host: str) -> None:
    from wagtail.models import Site

    marker = root() / "hosts" / host
    if marker.exists():
        return
    site = Site.find_for_request(request)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(site.pk if site else ""))


class PageCacheMiddleware:
    """Serves and publishes anonymous pages; everything else passes through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        host, key_mode = _host(request), mode(request)
        if not host or not key_mode:
            return self.get_response(request)
        started = time.time_ns()
        generation = _generation(host)  # before any database read (see the module docstring)
        hit = _lookup(request, generation, key_mode)
        if hit is not None:
            patch_vary_headers(hit, ("Cookie",))
            return hit
        response = self.get_response(request)
        response_type = _storable(request, response)
        if response_type is not None:
            patch_vary_headers(response, ("Cookie",))
            rel = _file_for(request, response_type)
            _remember_site(request, host)
            _store(generation, key_mode, rel, response.content)
            if _dropped_since(request.path, started):
                (generation / key_mode / rel).unlink(missing_ok=True)  # a drop of this page ran while rendering
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = formatdate(time.time(), usegmt=True)
            response["X-Page-Cache"] = "miss"
        return response


def page_key(path: str) -> str:
    """The folder that holds every file of a URL path: the path itself, or its parent for /sitemap.xml, an API."""
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _marker(kind: str, key: str) -> Path:
    return root() / "drops" / f"{kind}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()}"


def _dropped_since(path: str, started: int) -> bool:
    """Whether this path's page, or a subtree holding it, was dropped after `started` (ns)."""
    key = page_key(path)
    parts = key.strip("/").split("/") if key != "/" else []
    candidates = [("p", key)] + [("t", "/" + "".join(p + "/" for p in parts[:n])) for n in range(len(parts) + 1)]
    for kind, name in candidates:
        try:
            if int(_marker(kind, name).read_text() or 0) >= started:
                return True
        except (OSError, ValueError):
            continue
    return False


def _drop_now(site_id: int | None, paths: frozenset[str], trees: frozenset[str]) -> None:
    stamp = str(time.time_ns())
    (root() / "drops").mkdir(parents=True, exist_ok=True)
    for kind, keys in (("p", paths), ("t", trees)):
        for key in keys:  # the marker first, then the files (see the module docstring)
            target = _marker(kind, key)
            tmp = target.with_name(f".{target.name}.{os.getpid()}-{next(_counter)}")
            tmp.write_text(stamp)
            os.replace(tmp, target)
    for host in _hosts(site_id):
        try:
            generation = Path(os.path.realpath(root() / "live" / host, strict=True))
        except OSError:
            continue
        for folder in generation.iterdir():  # one folder per mode
            for key in paths:
                page = folder / key.lstrip("/")
                (page / "index.html").unlink(missing_ok=True)
                shutil.rmtree(page / "q", ignore_errors=True)
                for variant in page.glob("q-*"):
                    variant.unlink(missing_ok=True)
            for key in trees:
                if key.strip("/"):
                    shutil.rmtree(folder / key.lstrip("/"), ignore_errors=True)


def drop(site_id: int | None, paths=(), trees=()) -> None:
    """Drop single pages of one Wagtail site (site_id) or of every site (None): each of `paths` with all its query
    variants (pagination, filters), each of `trees` with everything below it. Now and again on commit."""
    if root() is None:
        return
    paths = frozenset(page_key(p) for p in paths if p.startswith("/") and ".." not in p)
    trees = frozenset(page_key(t) for t in trees if t.startswith("/") and ".." not in t)
    if "/" in trees:
        invalidate(site_id)
        return
    if not paths and not trees:
        return
    _drop_now(site_id, paths, trees)
    transaction.on_commit(lambda: _drop_now(site_id, paths, trees))


def anything_cached() -> bool:
    """Whether any host has a generation (a request in flight creates it before it reads the database)."""
    base = root()
    try:
        return base is not None and any(not entry.name.startswith(".") for entry in os.scandir(base / "live"))
    except OSError:
        return False


def cached_names(prefix: str) -> set[str]:
    """Names of the cached folders right below `prefix` on any host and mode (e.g. record ids under /xxgk/)."""
    base = root()
    if base is None or not (base / "live").exists():
        return set()
    names: set[str] = set()
    for folder in (base / "live").glob(f"*/*/{prefix.strip('/')}"):
        try:
            names.update(entry.name for entry in os.scandir(folder) if entry.is_dir())
        except OSError:
            continue
    return names


def skip(request) -> None:
    """A view whose page must not be cached even for anonymous visitors (e.g. it shows a one-time token)."""
    request._page_cache_skip = True


# ---- invalidation -------------------------------------------------------------------------------------------------

def _hosts(site_id: int | None) -> list[str]:
    base = root()
    if base is None or not (base / "live").exists():
        return []
    hosts = [p.name for p in (base / "live").iterdir() if not p.name.startswith(".")]
    if site_id is None:
        return hosts
    chosen = []
    for host in hosts:
        try:
            remembered = (base / "hosts" / host).read_text().strip()
        except OSError:
            remembered = ""
        if remembered in {"", str(site_id)}:
            chosen.append(host)
    return chosen


def _invalidate_now(site_id: int | None) -> None:
    for host in _hosts(site_id):
        _switch(host)


def invalidate(site_id: int | None = None) -> None:
    """Drop the cached pages of one Wagtail site (site_id), or of every site (None): now, and again when the
    current transaction commits (a page rendered between the two from the old data is thrown away with it)."""
    if root() is None:
        return
    _invalidate_now(site_id)
    transaction.on_commit(lambda: _invalidate_now(site_id))
