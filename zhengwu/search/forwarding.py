"""What a 转交人工答复 must pass before it is filed: the per-IP limit and the captcha of the other public forms.

Counted on every attempt (a wrong captcha too), so a flood is limited whether or not it solves the captcha.
"""
from __future__ import annotations

from django.conf import settings

from zhengwu.applications import captcha
from zhengwu.core import ratelimit

BUCKET = "qa_forward"


def refusal(request, answer: str) -> tuple[int, str] | None:
    """(HTTP status, Chinese message) when the forward must be refused; None when it may go on."""
    limit, window = getattr(settings, "ZHENGWU_QA_FORWARD_RATE", (20, 3600))
    if ratelimit.hit(request, BUCKET, limit=limit, window=window):
        return 429, "转交过于频繁，请稍后再试。"
    if not captcha.check(request, answer):
        return 400, "验证码不正确，请按新的题目重新计算。"
    return None
