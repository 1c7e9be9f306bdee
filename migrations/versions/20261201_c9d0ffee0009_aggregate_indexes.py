"""covering indexes for the maps' and dashboards' GROUP BY queries

Revision ID: c9d0ffee0009
Revises: b8d0ffee0008
Create Date: 2026-12-01 16:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c9d0ffee0009'
down_revision = 'b8d0ffee0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('axes', schema=None) as batch_op:
        batch_op.create_index('ix_axes_dialogue_theme', ['dialogue_id', 'theme_id'], unique=False)
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(
            'ix_outcomes_dialogue_status',
            ['dialogue_id', 'status', 'progress_verified', 'due_on'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_dialogue_status')
    with op.batch_alter_table('axes', schema=None) as batch_op:
        batch_op.drop_index('ix_axes_dialogue_theme')
