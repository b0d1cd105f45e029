"""The full-text index: FTS5 virtual table + triggers on SQLite, generated tsvector + GIN on PostgreSQL."""
from django.db import migrations


def forwards(apps, schema_editor):
    from zhengwu.search import fts_schema

    fts_schema.install(schema_editor)


def backwards(apps, schema_editor):
    from zhengwu.search import fts_schema

    fts_schema.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
