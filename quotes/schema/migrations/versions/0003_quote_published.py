"""Quotations carry their document's date, so `said` reads a speaker's newest quotations
from one index instead of joining and sorting all of them (a speaker with 60,000
quotations: ~110 ms -> under 1 ms on SQLite; see bench/bench_db.py).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL = ("UPDATE quote SET published = (SELECT document.published FROM document "
            "WHERE document.id = quote.document_id)")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    # plain ADD COLUMN: a table rebuild would drop the full-text triggers on SQLite
    op.add_column("quote", sa.Column("published", sa.Date))
    trigger = None
    if sqlite:  # the backfill changes no searchable text: keep it from re-indexing every row
        trigger = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name = 'quote_fts_update'").scalar()
        if trigger:
            op.execute("DROP TRIGGER quote_fts_update")
    op.execute(BACKFILL)
    if trigger:
        op.execute(trigger)
    # newest first with undated ones last: SQLite puts NULL last in a DESC index already
    published = "published DESC" if sqlite else "published DESC NULLS LAST"
    op.execute(f"CREATE INDEX ix_quote_speaker_published ON quote "
               f"(speaker_id, {published}, id DESC)")


def downgrade() -> None:
    op.drop_index("ix_quote_speaker_published", "quote")
    op.drop_column("quote", "published")
