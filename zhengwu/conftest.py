"""Shared pytest fixtures: a real database (SQLite or PostgreSQL per DATABASE_URL), media in a temp dir."""
import hashlib
import os
import sqlite3
import uuid
from importlib import metadata
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(items):
    """A transactional test without serialized_rollback ends with a flush that leaves the next transactional tests
    without Wagtail's root page, the seeded categories and the content types they were migrated with."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                                    "serialized_rollback=True) (see zhengwu/conftest.py)")


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
    # The page cache is off unless a test turns it on (zhengwu/portal/tests/test_pagecache.py `page_cache`).
    settings.ZHENGWU_PAGE_CACHE_DIR = ""


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(request, monkeypatch):
    """client.force_login stands for the whole login, second factor included (what a staff member has after the
    password and the 6-digit code), so tests of staff pages need no phone. Tests of the second factor itself
    carry ``@pytest.mark.real_second_factor`` and log in as people do."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from zhengwu.security.tests.helpers import mark_session_verified

        session = self.session
        mark_session_verified(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def county(db):
    from zhengwu.org.tests.factories import make_county

    return make_county()


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_restores_onto_an_empty_database():
    """A transactional test with serialized_rollback reloads the migrated rows (content types, Wagtail's root,
    the 第二十条 categories) with plain saves. Two things break that reload: tables that are not empty (the first
    transactional test of a run starts on the migrated rows; a flush with post_migrate recreates content types
    under new ids), and save handlers that ask for a content type not loaded yet, so that get_for_model creates
    one under an id the snapshot gives to another model (a UNIQUE failure on django_content_type, or a cached
    id that points at the wrong model). So: empty the tables without post_migrate, load the snapshot's content
    types first, reload the rest, and drop the content-type cache."""
    import json

    from django.core.management import call_command
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_onto_empty_tables(self, data):
        from django.contrib.contenttypes.models import ContentType

        call_command("flush", verbosity=0, interactive=False, database=self.connection.alias,
                     reset_sequences=False, allow_cascade=True, inhibit_post_migrate=True)
        content_types = [ContentType(pk=row["pk"], **row["fields"]) for row in json.loads(data)
                         if row["model"] == "contenttypes.contenttype"]
        ContentType.objects.using(self.connection.alias).bulk_create(content_types)
        ContentType.objects.clear_cache()
        original(self, data)
        ContentType.objects.clear_cache()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseCreation, "deserialize_db_from_string", deserialize_onto_empty_tables)
        yield


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


# --- a migrated SQLite test database, built once per set of migrations -------------------------------------------
# Migrating ~60 project and ~100 Wagtail/Django migrations took most of a one-app run (17.7 of 27.8 s for
# workdays). The first run stores the migrated database under var/test-db-cache/, keyed by the migration files and
# the versions of the packages that bring migrations; every later run loads it into the in-memory test database and
# Django's keepdb applies whatever is new. PostgreSQL runs, `--create-db` and ZHENGWU_TEST_DB_CACHE=0 migrate as
# before. See docs/decisions/0902-test-database-cache.md.

def _sqlite_cache_enabled(config) -> bool:
    from django.conf import settings

    return (settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
            and os.environ.get("ZHENGWU_TEST_DB_CACHE", "1") != "0" and not config.getvalue("create_db"))


def _migrations_key() -> str:
    from django.conf import settings

    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR) / "zhengwu"
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    for dist in ("django", "wagtail", "django-taggit", "django-modelcluster"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    digest.update(",".join(settings.INSTALLED_APPS).encode())
    return digest.hexdigest()[:20]


def _cache_file() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "test-db-cache" / f"{_migrations_key()}.sqlite3"


@pytest.fixture(scope="session")
def django_db_keepdb(request) -> bool:
    return request.config.getvalue("reuse_db") or _sqlite_cache_enabled(request.config)


_KEEP_ALIVE: list[sqlite3.Connection] = []  # holds the shared in-memory test database open for the session


def _memory_name() -> str:
    from django.db import connection

    return connection.creation._get_test_db_name()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix) -> None:
    """Load the cached database into Django's shared in-memory test database before pytest-django sets up."""
    if not _sqlite_cache_enabled(request.config):
        return
    from django.db import connection

    cache = _cache_file()
    if cache.exists() and connection.creation.is_in_memory_db(_memory_name()):
        keeper = sqlite3.connect(_memory_name(), uri=True)
        source = sqlite3.connect(cache)
        source.backup(keeper)
        source.close()
        _KEEP_ALIVE.append(keeper)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """After pytest-django's set-up: store the freshly migrated database for the next runs."""
    if _sqlite_cache_enabled(request.config):
        from django.db import connection

        cache = _cache_file()
        if not cache.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            with django_db_blocker.unblock():
                connection.ensure_connection()
                target = sqlite3.connect(partial)
                connection.connection.backup(target)
                target.close()
            os.replace(partial, cache)
    yield
