"""A self-made arithmetic captcha (no external service) and a cache-based per-IP rate limit for /yisq/.

The answer lives only in the server-side session (key SESSION_KEY), so tests read it from the session the way
the server does (see tests/test_browser.py); the captcha is never switched off.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError

from zhengwu.core import ratelimit, submission
from zhengwu.core.forms import errors_to_form

SESSION_KEY = "yisq_captcha"
WRONG_ANSWER = "验证码不正确，请计算新的题目后重新填写。"
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


def guarded_submit(request, form, name: str, create: Callable[[dict], str], *, limit: tuple[int, int],
                   limited: str, invalid: Callable[[object], None] | None = None) -> tuple[str | None, int]:
    """The checks every public POST passes (decision 1301), in this order: a re-posted one-time token gets its
    first result; then the budgets (successful submissions `limit`, failed ones failed_submit_limit()), the
    captcha, the form and `create`, which runs once per token. `invalid(form)` may add errors when the form itself
    fails. Returns (result, status): what `create` returned, or None and the status of the page to show again."""
    token = submission.read(request.POST, name)
    if token and (earlier := submission.previous_result(name, token)):
        return earlier, 200
    (count, window), (failed_count, failed_window) = limit, failed_submit_limit()
    if used(request, f"{name}_submit") >= count or used(request, f"{name}_failed") >= failed_count:
        form.is_valid()
        form.add_error(None, limited)
        return None, 429
    answer_ok = check(request, request.POST.get("captcha", ""))
    if form.is_valid():
        if not answer_ok:
            form.add_error("captcha", WRONG_ANSWER)
        elif token is None or not token.fresh:
            form.add_error(None, submission.EXPIRED_MESSAGE)
        else:
            try:
                outcome = submission.submit_once(name, token, lambda: create(form.cleaned_data))
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                hit(request, f"{name}_submit", window=window)
                return outcome.result, 200
    else:
        if invalid:
            invalid(form)
        if not answer_ok and "captcha" not in form.errors and request.POST.get("captcha", "").strip():
            form.add_error("captcha", WRONG_ANSWER)
    hit(request, f"{name}_failed", window=failed_window)
    return None, 400
