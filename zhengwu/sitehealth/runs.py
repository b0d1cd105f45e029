"""A check run kept for the dashboard (the daily job and the office's 立即检查 both store their result)."""
from __future__ import annotations

from .checks import SiteCheck, check_site
from .models import CheckRun


def store(result: SiteCheck) -> CheckRun:
    return CheckRun.objects.create(site=result.site, as_of=result.as_of, verdict=result.verdict, score=result.score,
                                   data=result.as_json())


def run_and_store(site, as_of=None) -> CheckRun:
    return store(check_site(site, as_of))
