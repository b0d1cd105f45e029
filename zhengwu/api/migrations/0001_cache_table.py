"""The database cache table (rate limits shared by all workers; zhengwu/core/ratelimit.py).

`createcachetable` does nothing for a Redis cache and for a table that already exists.
"""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
