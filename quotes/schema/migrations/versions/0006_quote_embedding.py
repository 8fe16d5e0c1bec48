"""Each quotation's sentence embedding (quotes.embed: 64 float16 numbers, 128 bytes), so
`quotes verify` can tell a paraphrase from unrelated words. Ingest computes it; this
migration computes it for the quotations already stored.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    from quotes.embed import encode

    # plain ADD COLUMN: a table rebuild would drop the full-text triggers on SQLite (and
    # the update trigger only re-indexes changes of the words or the speaker)
    op.add_column("quote", sa.Column("embedding", sa.LargeBinary))
    bind = op.get_bind()
    quote = sa.table("quote", sa.column("id", sa.Integer), sa.column("words", sa.Text),
                     sa.column("embedding", sa.LargeBinary))
    last = 0
    while True:
        rows = bind.execute(sa.select(quote.c.id, quote.c.words).where(quote.c.id > last)
                            .order_by(quote.c.id).limit(BATCH)).all()
        if not rows:
            break
        blobs = encode([words for _, words in rows])
        bind.execute(quote.update().where(quote.c.id == sa.bindparam("row_id"))
                     .values(embedding=sa.bindparam("blob")),
                     [{"row_id": i, "blob": b} for (i, _), b in zip(rows, blobs, strict=True)])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_column("quote", "embedding")
