"""Articles fetched from the web, and their versions: an ``article`` per canonical URL,
and on each document the article it is a version of, its version number, the URL
fetched and when. A page fetched again with other text is stored as the next version;
the old text and its quotations stay. Documents read from files have none of these.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_article_url", "article", ["url"], unique=True)
    # plain ADD COLUMN, no table rebuild (which on SQLite would cost a copy of every text);
    # Alembic adds a foreign key on SQLite only by a rebuild, which SQLite itself needs not
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE document ADD COLUMN article_id INTEGER REFERENCES article (id)")
    else:
        op.add_column("document", sa.Column("article_id", sa.Integer,
                                            sa.ForeignKey("article.id"), nullable=True))
    op.add_column("document", sa.Column("version", sa.Integer))
    op.add_column("document", sa.Column("fetched_url", sa.String))
    op.add_column("document", sa.Column("fetched_at", sa.DateTime(timezone=True)))
    op.create_index("ix_document_article_id", "document", ["article_id"])
    op.create_index("ix_document_fetched_url", "document", ["fetched_url"])
    op.create_index("ux_document_article_version", "document", ["article_id", "version"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ux_document_article_version", "document")
    op.drop_index("ix_document_fetched_url", "document")
    op.drop_index("ix_document_article_id", "document")
    for column in ("fetched_at", "fetched_url", "version", "article_id"):
        op.drop_column("document", column)
    op.drop_index("ix_article_url", "article")
    op.drop_table("article")
