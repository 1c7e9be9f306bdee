"""accounts: merged themes, audit log by organisation

Revision ID: a7c0ffee0007
Revises: 4fbade353f17
Create Date: 2026-12-01 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c0ffee0007'
down_revision = '4fbade353f17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_themes_merged_into_id_themes'), 'themes', ['merged_into_id'], ['id']
        )

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_audit_events_organization_id'), ['organization_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_organization_id'))

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_themes_merged_into_id_themes'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
