"""PostgreSQL's full-text index without a pending list: GIN's fast update queues new
rows in an unsorted list that every search reads through until a vacuum merges it (up to
4 MB: about 400 pages read by each search after a bulk ingest of a million quotations, a
word of 150 matches 11 ms instead of 2). With it off, each insert updates the index
itself, which costs ingest far less than its extraction. The queued rows are merged now.
SQLite's FTS5 table is unaffected.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("ALTER INDEX ix_quote_search SET (fastupdate = off)")
    op.execute("SELECT gin_clean_pending_list('ix_quote_search')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("ALTER INDEX ix_quote_search RESET (fastupdate)")
