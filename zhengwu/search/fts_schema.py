"""DDL for the full-text index beside `search_searchentry`, per database vendor.

Kept out of the migration so a later migration that rebuilds the table on SQLite (which drops its
triggers) can call `install(schema_editor)` again.
"""

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title_tokens, body_tokens, "
    "content='search_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE OF title_tokens, body_tokens ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]

# The text is already segmented and space-separated, so the 'simple' configuration (no stemming, no stop
# words) turns each segment into one lexeme. Title weighs A, body D.
POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'D')) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)
