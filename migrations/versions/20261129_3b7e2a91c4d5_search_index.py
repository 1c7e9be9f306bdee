"""A trigram index for search: FTS5 on SQLite, pg_trgm on PostgreSQL

Revision ID: 3b7e2a91c4d5
Revises: d0612f38c2da
Create Date: 2026-11-29 22:30:00

"""

from alembic import op

from app.search.index import create_search_index, drop_search_index

revision = "3b7e2a91c4d5"
down_revision = "d0612f38c2da"
branch_labels = None
depends_on = None


def upgrade():
    create_search_index(op.get_bind())


def downgrade():
    drop_search_index(op.get_bind())
