"""Shared pytest fixtures: a real database (SQLite or PostgreSQL per DATABASE_URL), media in a temp dir."""
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    """Media in a temp dir; a fast password hasher (the real one costs ~1 s per user on this machine)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    from zhengwu.org.tests.factories import make_county

    return make_county()
