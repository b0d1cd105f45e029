"""Per-client rate limits for public forms and APIs, in the shared cache.

The cache is the database cache by default (table `zhengwu_cache`, created by `migrate`), Redis when REDIS_URL
is set: every gunicorn worker and a restart see the same counts (a per-process memory cache would give each
worker its own budget and forget it on restart).

The client is REMOTE_ADDR, unless REMOTE_ADDR is one of ZHENGWU_TRUSTED_PROXIES (comma-separated IPs/CIDRs,
e.g. the nginx host): then X-Forwarded-For is read from the right and the first address that is not a trusted
proxy is the client. A forged header sent straight to the app is ignored; without the setting behind a proxy
every citizen would share the proxy's bucket.

Usage: `if ratelimit.hit(request, "qa_forward", limit=20, window=3600): return 429`.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    out = []
    for item in spec:
        try:
            out.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(getattr(settings, "ZHENGWU_TRUSTED_PROXIES", ()))))


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:64]
    return remote


def _key(request, bucket: str) -> str:
    return f"zhengwu:rate:{bucket}:{client_ip(request)}"


def count(request, bucket: str) -> int:
    return cache.get(_key(request, bucket)) or 0


def add(request, bucket: str, *, window: int) -> int:
    """Count one more use of `bucket` by this client (fixed window of `window` seconds); returns the count."""
    key = _key(request, bucket)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def hit(request, bucket: str, *, limit: int, window: int) -> bool:
    """Count this request; True when the client has gone over `limit` uses within `window` seconds."""
    return add(request, bucket, window=window) > limit


def exhausted(request, bucket: str, *, limit: int) -> bool:
    """True when `limit` uses are already counted (for limits counted only on success)."""
    return count(request, bucket) >= limit
