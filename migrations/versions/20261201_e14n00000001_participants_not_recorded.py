"""participant counts can be "not recorded" (NULL); a breakdown needs its total

Existing rows keep their values (a 0 stays a recorded 0).

Revision ID: e14n00000001
Revises: c9d0ffee0009
Create Date: 2026-12-01 20:10:00

"""
from alembic import op
import sqlalchemy as sa

from app.search.index import create_sqlite_index


# revision identifiers, used by Alembic.
revision = 'e14n00000001'
down_revision = 'c9d0ffee0009'
branch_labels = None
depends_on = None

COLUMNS = ('participants_total', 'participants_women', 'participants_men', 'participants_youth')
SEXES_OLD = 'participants_women + participants_men <= participants_total'
SEXES_NEW = (
    'COALESCE(participants_women, 0) + COALESCE(participants_men, 0) <= participants_total'
)
NEEDS_TOTAL = (
    'participants_total IS NOT NULL OR (participants_women IS NULL'
    ' AND participants_men IS NULL AND participants_youth IS NULL)'
)


def _rebuild_search_triggers():
    if op.get_bind().dialect.name == 'sqlite':
        create_sqlite_index(op.get_bind())


def upgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('ck_dialogues_sexes_within_total'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_dialogues_sexes_within_total'), SEXES_NEW)
        batch_op.create_check_constraint(
            batch_op.f('ck_dialogues_breakdown_needs_total'), NEEDS_TOTAL
        )
    _rebuild_search_triggers()


def downgrade():
    # Unknown becomes 0 again: the old schema cannot say "not recorded".
    for column in COLUMNS:
        op.execute(sa.text(f'UPDATE dialogues SET {column} = 0 WHERE {column} IS NULL'))
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_dialogues_breakdown_needs_total'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_dialogues_sexes_within_total'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_dialogues_sexes_within_total'), SEXES_OLD)
        for column in COLUMNS:
            batch_op.alter_column(column, existing_type=sa.Integer(), nullable=False)
    _rebuild_search_triggers()
