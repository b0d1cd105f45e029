"""PostgreSQL only: a title-only tsvector with its own GIN index, so the candidate set of a common term is
chosen from title matches (few, small, stored inline) instead of ranking every body match (docs/decisions/0605)."""
from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, coalesce(title_tokens, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_title_vector_gin ON search_searchentry USING GIN (title_vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_pub_day_desc ON search_searchentry (pub_day DESC NULLS LAST)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_pub_day_desc",
    "DROP INDEX IF EXISTS search_entry_title_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_dictionary")]
    operations = [migrations.RunPython(forwards, backwards)]
