"""Quotations keep how their cue was found (``cue_method``, beside ``method``: how the
speaker was found) and the offsets of the sentence(s) around them, which the pipeline
knows at ingest, so exports no longer guess the context again from the text.

Existing rows get their sentence from the rule the exports used until now (frozen below:
a migration must not change with the code); their cue method is unknown and stays NULL.

Revision ID: 0005
Revises: 0004
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CONTEXT_CHARS = 300
BATCH = 1000


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) around a span within its paragraph, as exports cut it before 0005."""
    left = max(text.rfind("\n", 0, start) + 1, start - CONTEXT_CHARS)
    right_break = text.find("\n", end)
    right = min(right_break if right_break >= 0 else len(text), end + CONTEXT_CHARS)
    before = text[left:start]
    cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
    if cut >= 0:
        left += cut + 2
    after = re.search(r"[.!?](?=\s|$)", text[end:right])
    if after:
        right = end + after.end()
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def upgrade() -> None:
    # plain ADD COLUMN: a table rebuild would drop the full-text triggers on SQLite (and
    # the update trigger fires only on the indexed columns, so the backfill leaves it be)
    op.add_column("quote", sa.Column("cue_method", sa.String))
    op.add_column("quote", sa.Column("sentence_start", sa.Integer))
    op.add_column("quote", sa.Column("sentence_end", sa.Integer))
    bind = op.get_bind()
    quote = sa.table("quote", sa.column("id"), sa.column("document_id"), sa.column("start"),
                     sa.column("end"), sa.column("sentence_start"), sa.column("sentence_end"))
    document = sa.table("document", sa.column("id"), sa.column("text"))
    update = (quote.update().where(quote.c.id == sa.bindparam("quote_id"))
              .values(sentence_start=sa.bindparam("s"), sentence_end=sa.bindparam("e")))
    last = 0
    while True:  # a document at a time, in batches of documents: memory stays flat
        ids = bind.execute(sa.select(document.c.id).where(document.c.id > last)
                           .order_by(document.c.id).limit(BATCH)).scalars().all()
        if not ids:
            return
        texts = dict(bind.execute(sa.select(document.c.id, document.c.text)
                                  .where(document.c.id.in_(ids))).all())
        rows = bind.execute(sa.select(quote.c.id, quote.c.document_id, quote.c.start,
                                      quote.c.end).where(quote.c.document_id.in_(ids))).all()
        values = [dict(zip(("s", "e"), _context(texts[d], s, e), strict=True), quote_id=q)
                  for q, d, s, e in rows]
        if values:
            bind.execute(update, values)
        last = ids[-1]


def downgrade() -> None:
    for column in ("sentence_end", "sentence_start", "cue_method"):
        op.drop_column("quote", column)
