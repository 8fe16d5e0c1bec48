"""Claims with their sources, corrections by people, and grouping of repeated quotations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN: a table rebuild would drop the full-text triggers on SQLite
    op.add_column("quote", sa.Column("words_key", sa.String))
    op.add_column("quote", sa.Column("corrected", sa.Boolean, nullable=False,
                                     server_default=sa.false()))
    op.add_column("quote", sa.Column("suppressed", sa.Boolean, nullable=False,
                                     server_default=sa.false()))
    op.create_index("ix_quote_words_key", "quote", ["words_key"])
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id"), nullable=False,
                  index=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quote.id"), index=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("source", sa.String),
        sa.Column("source_kind", sa.String, nullable=False, index=True),
        sa.Column("source_person_id", sa.Integer, sa.ForeignKey("person.id")),
    )
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quote.id"), nullable=False,
                  index=True),
        sa.Column("field", sa.String, nullable=False),
        sa.Column("old_value", sa.String),
        sa.Column("new_value", sa.String),
        sa.Column("by", sa.String, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("correction")
    op.drop_table("claim")
    op.drop_index("ix_quote_words_key", "quote")
    for column in ("suppressed", "corrected", "words_key"):
        op.drop_column("quote", column)
