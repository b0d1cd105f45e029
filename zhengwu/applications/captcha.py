"""A self-made arithmetic captcha (no external service) and a cache-based per-IP rate limit for /yisq/.

The answer lives only in the server-side session (key SESSION_KEY), so tests read it from the session the way
the server does (see tests/test_browser.py); the captcha is never switched off.
"""
from __future__ import annotations

import secrets

from django.conf import settings

from zhengwu.core import ratelimit

SESSION_KEY = "yisq_captcha"
_NUMERALS = "零一二三四五六七八九十"


def new_challenge(request) -> str:
    """Store a fresh answer in the session and return the question (e.g. "七 加 5 等于几？")."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        question, answer = f"{_NUMERALS[a]} 加 {b} 等于几？", a + b
    else:
        a, b = max(a, b), min(a, b)
        question, answer = f"{a} 减 {_NUMERALS[b]} 等于几？", a - b
    request.session[SESSION_KEY] = str(answer)
    return question


def check(request, answer: str) -> bool:
    """One try per challenge: the stored answer is removed whatever the result."""
    expected = request.session.pop(SESSION_KEY, None)
    return expected is not None and (answer or "").strip() == expected


def client_ip(request) -> str:
    """The client's address (zhengwu.core.ratelimit: X-Forwarded-For only from ZHENGWU_TRUSTED_PROXIES)."""
    return ratelimit.client_ip(request)


def hit(request, bucket: str, *, window: int) -> int:
    """Count one hit of `bucket` for this IP (fixed window of `window` seconds, shared cache); the count so far."""
    return ratelimit.add(request, bucket, window=window)


def used(request, bucket: str) -> int:
    """Hits of `bucket` this IP has made in the current window (without counting one)."""
    return ratelimit.count(request, bucket)


def rate_limited(request, bucket: str, *, limit: int, window: int) -> bool:
    """Count a hit; True when this IP used up `limit` hits of `bucket` within `window` seconds."""
    return ratelimit.hit(request, bucket, limit=limit, window=window)


def submit_limit() -> tuple[int, int]:
    """Submissions of the public form per IP: (count, seconds). Default 10 per hour."""
    return tuple(getattr(settings, "ZHENGWU_YISQ_SUBMIT_RATE", (10, 3600)))


def failed_submit_limit() -> tuple[int, int]:
    """Failed submissions (errors, wrong captcha) per IP: a separate, larger budget. Default 60 per hour."""
    return tuple(getattr(settings, "ZHENGWU_YISQ_FAILED_RATE", (60, 3600)))


def lookup_limit() -> tuple[int, int]:
    return tuple(getattr(settings, "ZHENGWU_YISQ_LOOKUP_RATE", (30, 60)))
