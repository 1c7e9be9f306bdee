"""the report a dialogue was drafted from (issue 16)

Revision ID: a16d00000001
Revises: f14r00000001
Create Date: 2026-12-01 21:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'a16d00000001'
down_revision = 'f14r00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'dialogue_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dialogue_id', sa.Integer(), nullable=False),
        sa.Column('publisher', sa.String(length=200), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dialogue_reports_created_by_id_users')),
        sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_reports_dialogue_id_dialogues'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_reports')),
        sa.UniqueConstraint('dialogue_id', name=op.f('uq_dialogue_reports_dialogue_id')),
    )


def downgrade():
    op.drop_table('dialogue_reports')
