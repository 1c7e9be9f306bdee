"""the record holds what reports contain: convening organisation (proposed organisations stay
unconfirmed), speakers with a consent level, sources as citations, month-only dates, pending photos

Revision ID: f14r00000001
Revises: c9d0ffee0009
Create Date: 2026-12-01 20:00:00

Existing data: a statement with consent to publish becomes "publish without name" (the old
consent never covered a name, and no name was recorded); one without stays "not for
publication". Each source link becomes a citation whose publisher is the link's host
(www. dropped), with the link as its URL and no date.
"""
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

from app.search.index import create_sqlite_index

# revision identifiers, used by Alembic.
revision = 'f14r00000001'
down_revision = 'c9d0ffee0009'
branch_labels = None
depends_on = None

ONE_OWNER_OLD = '(dialogue_id IS NULL) <> (outcome_update_id IS NULL)'
ONE_OWNER_NEW = (
    "(CASE WHEN dialogue_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN outcome_update_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN pending_key IS NULL THEN 0 ELSE 1 END) = 1"
)


def _publisher(url):
    host = urlsplit(url).hostname or url
    return (host[4:] if host.startswith('www.') else host)[:300]


def _sqlite_rebuilds(bind, on):
    """SQLite rebuilds a table to alter it (batch mode): DROP TABLE of a table other rows refer to
    (organizations, dialogues) fails while foreign keys are enforced. Outside a transaction
    foreign_keys=OFF stops that; inside one only defer_foreign_keys works (checked at commit, when
    the rebuilt table holds the rows again)."""
    if bind.dialect.name != 'sqlite':
        return
    if on:
        bind.exec_driver_sql('PRAGMA defer_foreign_keys=OFF')
        bind.exec_driver_sql('PRAGMA foreign_keys=ON')
    else:
        bind.exec_driver_sql('PRAGMA foreign_keys=OFF')
        bind.exec_driver_sql('PRAGMA defer_foreign_keys=ON')


def upgrade():
    bind = op.get_bind()
    _sqlite_rebuilds(bind, on=False)
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('confirmed', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column('proposed_by_org_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_organizations_proposed_by_org_id'), ['proposed_by_org_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_organizations_proposed_by_org_id_organizations'),
            'organizations', ['proposed_by_org_id'], ['id'], ondelete='SET NULL',
        )

    op.create_table('dialogue_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('publisher', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.CheckConstraint('position >= 1', name=op.f('ck_dialogue_sources_position_positive')),
    sa.CheckConstraint("url IS NULL OR url LIKE 'http://%' OR url LIKE 'https://%'", name=op.f('ck_dialogue_sources_url_is_web')),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], name=op.f('fk_dialogue_sources_dialogue_id_dialogues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_sources')),
    sa.UniqueConstraint('dialogue_id', 'position', name=op.f('uq_dialogue_sources_dialogue_id_position'))
    )
    with op.batch_alter_table('dialogue_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_sources_dialogue_id'), ['dialogue_id'], unique=False)

    sources = sa.table(
        'dialogue_sources',
        sa.column('dialogue_id', sa.Integer), sa.column('position', sa.Integer),
        sa.column('publisher', sa.String), sa.column('url', sa.String),
    )
    rows = []
    for dialogue_id, links in bind.execute(
        sa.text('SELECT id, source_links FROM dialogues WHERE source_links IS NOT NULL')
    ):
        position = 0
        for line in links.splitlines():
            url = line.strip()
            if not url or urlsplit(url).scheme not in ('http', 'https'):
                continue
            position += 1
            rows.append({'dialogue_id': dialogue_id, 'position': position,
                         'publisher': _publisher(url), 'url': url[:1000]})
    if rows:
        op.bulk_insert(sources, rows)

    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_on_precision', sa.Enum('day', 'month', name='date_precision', native_enum=False, create_constraint=True), server_default='day', nullable=False))
        batch_op.add_column(sa.Column('convening_org_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dialogues_convening_org_id'), ['convening_org_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dialogues_convening_org_id_organizations'), 'organizations', ['convening_org_id'], ['id'])
        batch_op.drop_column('source_links')

    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speaker_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('consent_level', sa.Enum('internal', 'anonymous', 'named', name='consent_level', native_enum=False, create_constraint=True), server_default='internal', nullable=False))
    bind.execute(sa.text(
        "UPDATE statements SET consent_level = 'anonymous' WHERE consent_to_publish = :yes"
    ), {'yes': True})
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_column('consent_to_publish')

    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_key', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_photos_pending_key'), ['pending_key'], unique=False)
        batch_op.drop_constraint(batch_op.f('ck_photos_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_photos_one_owner'), ONE_OWNER_NEW)

    if bind.dialect.name == 'sqlite':
        create_sqlite_index(bind)  # batch mode rebuilt dialogues without its triggers
    _sqlite_rebuilds(bind, on=True)


def downgrade():
    bind = op.get_bind()
    _sqlite_rebuilds(bind, on=False)
    bind.execute(sa.text('DELETE FROM photos WHERE pending_key IS NOT NULL'))
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_photos_one_owner'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_photos_one_owner'), ONE_OWNER_OLD)
        batch_op.drop_index(batch_op.f('ix_photos_pending_key'))
        batch_op.drop_column('pending_key')

    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_to_publish', sa.Boolean(), server_default=sa.false(), nullable=False))
    bind.execute(sa.text(
        "UPDATE statements SET consent_to_publish = :yes WHERE consent_level <> 'internal'"
    ), {'yes': True})
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_statements_consent_level'), type_='check')
        batch_op.drop_column('consent_level')
        batch_op.drop_column('speaker_name')

    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_links', sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_dialogues_convening_org_id_organizations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dialogues_convening_org_id'))
        batch_op.drop_column('convening_org_id')
        batch_op.drop_constraint(batch_op.f('ck_dialogues_date_precision'), type_='check')
        batch_op.drop_column('held_on_precision')
    links: dict[int, list[str]] = {}
    for dialogue_id, url in bind.execute(sa.text(
        'SELECT dialogue_id, url FROM dialogue_sources WHERE url IS NOT NULL'
        ' ORDER BY dialogue_id, position'
    )):
        links.setdefault(dialogue_id, []).append(url)
    for dialogue_id, urls in links.items():
        bind.execute(sa.text('UPDATE dialogues SET source_links = :links WHERE id = :id'),
                     {'links': '\n'.join(urls), 'id': dialogue_id})

    with op.batch_alter_table('dialogue_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_sources_dialogue_id'))
    op.drop_table('dialogue_sources')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organizations_proposed_by_org_id_organizations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_organizations_proposed_by_org_id'))
        batch_op.drop_column('proposed_by_org_id')
        batch_op.drop_column('confirmed')

    if bind.dialect.name == 'sqlite':
        create_sqlite_index(bind)
    _sqlite_rebuilds(bind, on=True)
