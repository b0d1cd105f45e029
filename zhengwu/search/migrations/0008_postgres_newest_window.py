"""PostgreSQL only (docs/decisions/1703): each entry's vectors carry a window lexeme `#<id // 4096>`, so "the
newest matches" is one GIN lookup restricted to the newest id windows and visits only those rows; and the
heap keeps only what a match is filtered and counted by, the long columns going to TOAST.

Re-adding the generated columns rewrites the table, so existing rows get the narrow layout too.
"""
from django.db import migrations

# ids per window; engine.WINDOW_IDS must be the same number
WINDOW = "array_to_tsvector(ARRAY['#' || (id / 4096)::text])"
INLINE = ("kind", "publisher", "validity", "document_number_key")

FORWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP INDEX IF EXISTS search_entry_title_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    # one statement, one rewrite. Tuples above ~2 kB (nearly every record) are toasted down to 128 bytes: text,
    # tokens, the full vector and the title leave the heap; what a match is filtered and counted by stays (MAIN)
    "ALTER TABLE search_searchentry "
    "ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'D') || {WINDOW}) STORED, "
    "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    f"to_tsvector('simple'::regconfig, coalesce(title_tokens, '')) || {WINDOW}) STORED, "
    "ALTER COLUMN title_vector SET STORAGE MAIN, "
    + "".join(f"ALTER COLUMN {c} SET STORAGE MAIN, " for c in INLINE)
    + "SET (toast_tuple_target = 128)",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
    "CREATE INDEX search_entry_title_vector_gin ON search_searchentry USING GIN (title_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "DROP INDEX IF EXISTS search_entry_title_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
    *(f"ALTER TABLE search_searchentry ALTER COLUMN {c} SET STORAGE EXTENDED" for c in INLINE),
    "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'D')) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, coalesce(title_tokens, ''))) STORED",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
    "CREATE INDEX search_entry_title_vector_gin ON search_searchentry USING GIN (title_vector)",
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
    dependencies = [("search", "0007_service_guides")]
    operations = [migrations.RunPython(forwards, backwards)]
