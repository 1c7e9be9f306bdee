"""data version for the figure cache; follow-ups looked up by dialogue

Revision ID: d18p00000001
Revises: a16d00000001
Create Date: 2026-12-01 20:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd18p00000001'
down_revision = 'a16d00000001'
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        'data_versions',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_versions')),
    )
    op.bulk_insert(versions, [{'id': 1, 'version': secrets.randbelow(2**52) + 1}])
    with op.batch_alter_table('outcome_followups', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_followups_dialogue_id', ['dialogue_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outcome_followups', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_followups_dialogue_id')
    op.drop_table('data_versions')
