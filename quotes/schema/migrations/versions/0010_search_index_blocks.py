"""PostgreSQL's full-text search gets a partial GIN index for each of the newest blocks
of quotation ids (``quotes.store.newest``: BLOCKS_KEPT blocks of BLOCK ids), so that a
search gathers the matches of those blocks alone, not every match of a prefix or common
word in the whole index. From here on ingest keeps them as the ids grow. The whole index
stays: rarer words, filtered searches and verify use it. SQLite's FTS5 table is
unaffected.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    from quotes.store.newest import keep_search_blocks

    keep_search_blocks(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        return
    from quotes.store.newest import block_indexes

    for name in sorted(block_indexes(connection)):
        op.execute(f"DROP INDEX {name}")
