"""The full-text table declared the sqlite-utils way, so Datasette and `sqlite-utils search`
find it: they only recognise ``content="quote"`` in double quotes, and 0001 wrote
``content='quote'``. SQLite only; PostgreSQL's tsvector column is unaffected.

The table is recreated and rebuilt from the quote table (FTS5 'rebuild' reads the content
table), so an existing database upgrades in place; the triggers are dropped with it and
created again.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TRIGGERS = ("quote_fts_insert", "quote_fts_delete", "quote_fts_update")


def create(content: str) -> list[str]:
    """The FTS table over quote(words, speaker) and the triggers that keep it current."""
    return [
        f"CREATE VIRTUAL TABLE quote_fts USING fts5(words, speaker, content={content}, "
        "content_rowid='id', tokenize='porter unicode61')",
        "CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote BEGIN "
        "INSERT INTO quote_fts(rowid, words, speaker) VALUES (new.id, new.words, new.speaker); "
        "END",
        "CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote BEGIN "
        "INSERT INTO quote_fts(quote_fts, rowid, words, speaker) "
        "VALUES ('delete', old.id, old.words, old.speaker); END",
        # only a change of the indexed words re-indexes a row: corrections of kind and
        # backfills of other columns leave the index alone
        "CREATE TRIGGER quote_fts_update AFTER UPDATE OF words, speaker ON quote BEGIN "
        "INSERT INTO quote_fts(quote_fts, rowid, words, speaker) "
        "VALUES ('delete', old.id, old.words, old.speaker); "
        "INSERT INTO quote_fts(rowid, words, speaker) VALUES (new.id, new.words, new.speaker); "
        "END",
        "INSERT INTO quote_fts(quote_fts) VALUES ('rebuild')",
    ]


def _recreate(content: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS quote_fts")
    for statement in create(content):
        op.execute(statement)


def upgrade() -> None:
    _recreate('"quote"')


def downgrade() -> None:
    _recreate("'quote'")
