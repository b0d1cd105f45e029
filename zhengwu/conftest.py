"""Shared pytest fixtures: a real database (SQLite or PostgreSQL per DATABASE_URL), media in a temp dir."""
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def county(db):
    from zhengwu.org.tests.factories import make_county

    return make_county()
