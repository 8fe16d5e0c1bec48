"""The validators of each URL's last fetch: its ETag and Last-Modified, so that the next
fetch of the URL asks the server for the page only if it changed (If-None-Match,
If-Modified-Since); a 304 answer stores nothing and counts as unchanged. One row per URL
as it was asked for (a feed's link), with the article it gave.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fetched_page",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("article.id"), nullable=False),
        sa.Column("etag", sa.String),
        sa.Column("last_modified", sa.String),
    )
    op.create_index("ix_fetched_page_url", "fetched_page", ["url"], unique=True)
    op.create_index("ix_fetched_page_article_id", "fetched_page", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_fetched_page_article_id", "fetched_page")
    op.drop_index("ix_fetched_page_url", "fetched_page")
    op.drop_table("fetched_page")
