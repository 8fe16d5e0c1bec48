"""Documents, people, aliases, roles, quotations, and full-text search over quotations.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE quote_fts USING fts5(words, speaker, content='quote', "
    "content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote BEGIN "
    "INSERT INTO quote_fts(rowid, words, speaker) VALUES (new.id, new.words, new.speaker); END",
    "CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote BEGIN "
    "INSERT INTO quote_fts(quote_fts, rowid, words, speaker) "
    "VALUES ('delete', old.id, old.words, old.speaker); END",
    "CREATE TRIGGER quote_fts_update AFTER UPDATE ON quote BEGIN "
    "INSERT INTO quote_fts(quote_fts, rowid, words, speaker) "
    "VALUES ('delete', old.id, old.words, old.speaker); "
    "INSERT INTO quote_fts(rowid, words, speaker) VALUES (new.id, new.words, new.speaker); END",
]
POSTGRES_FTS = [
    "ALTER TABLE quote ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(words, '') || ' ' || coalesce(speaker, ''))) STORED",
    "CREATE INDEX ix_quote_search ON quote USING gin (search)",
]


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True, index=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("outlet", sa.String, index=True),
        sa.Column("title", sa.String),
        sa.Column("url", sa.String),
        sa.Column("author", sa.String),
        sa.Column("published", sa.Date, index=True),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False, index=True),
        sa.Column("key", sa.String, nullable=False, index=True),
        sa.Column("registry_id", sa.String, unique=True, index=True),
        sa.Column("party", sa.String, index=True),
        sa.Column("gender", sa.String),
        sa.Column("politician", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("ids", sa.String, nullable=False, server_default="{}"),
    )
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False,
                  index=True),
        sa.Column("alias", sa.String, nullable=False),
        sa.Column("key", sa.String, nullable=False, index=True),
    )
    op.create_table(
        "role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("person.id"), nullable=False,
                  index=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("organisation", sa.String),
        sa.Column("party", sa.String),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id")),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id"), nullable=False,
                  index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("parts", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False, index=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("person.id"), index=True),
        sa.Column("speaker", sa.String),
        sa.Column("mention_start", sa.Integer),
        sa.Column("mention_end", sa.Integer),
        sa.Column("mention_text", sa.String),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.String),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.String, nullable=False),
        sa.Column("role", sa.String),
        sa.Column("role_source", sa.String),
        sa.Column("party", sa.String),
    )
    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS quote_fts")
    for table in ("quote", "role", "alias", "person", "document"):
        op.drop_table(table)
