"""After a migrate that applied something, SQLite's planner statistics are written again (ops/apps.py)."""
from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate


def _stats_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return 0
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_statistics_are_written_again_after_a_migrate_that_applied_something():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's autovacuum analyzes")
    ops = apps.get_app_config("ops")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1")
    post_migrate.send(sender=ops, app_config=ops, using="default", plan=[])
    assert _stats_rows("django_content_type") == 0  # nothing applied: nothing to do
    post_migrate.send(sender=ops, app_config=ops, using="default", plan=[("migration", False)])
    assert _stats_rows("django_content_type") > 0
