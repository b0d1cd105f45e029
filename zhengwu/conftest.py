"""Shared pytest fixtures: a real database (SQLite or PostgreSQL per DATABASE_URL), media in a temp dir."""
import os
import uuid

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    """Media in a temp dir; a fast password hasher (the real one costs ~1 s per user on this machine)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test its own key prefix in the shared (database) cache: rate-limit counts never leak between tests,
    # also not between transactional/browser tests, whose flush leaves the cache table alone.
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    for conf in caches.values():
        conf["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    from zhengwu.org.tests.factories import make_county

    return make_county()


BEIJING_HOURS = {"23:30": (23, 30), "07:59": (7, 59)}


@pytest.fixture(params=sorted(BEIJING_HOURS))
def beijing_hour(request):
    """Runs a date-sensitive test late at night and early in the morning, Beijing time (UTC+8), whatever hour CI
    runs: from 00:00 to 08:00 Beijing time the UTC date is yesterday's. Ask for it before the data fixtures."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    hour, minute = BEIJING_HOURS[request.param]
    when = dt.datetime(2026, 12, 2, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(when, tick=True):
        yield when
