"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.search.index import include_object


@contextmanager
def empty_database(tmp_path):
    """A database of its own, so migrating it cannot disturb the suite's schema."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"hiwar_migrations_{uuid.uuid4().hex[:8]}"
    admin_dsn = sa.make_url(server_url).set(drivername="postgresql")
    with psycopg.connect(admin_dsn.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(
            admin_dsn.render_as_string(hide_password=False), autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def migrated_app(tmp_path):
    with empty_database(tmp_path) as url:
        application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with application.app_context():
            upgrade()
            yield application
            db.session.remove()
            db.engine.dispose()


def test_migrations_and_models_agree(migrated_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_is_built(migrated_app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables


def test_migrations_downgrade_to_nothing_and_back(migrated_app):
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert set(db.metadata.tables) <= set(sa.inspect(db.engine).get_table_names())


def test_the_search_index_is_built_and_follows_the_dialogues(migrated_app):
    """Batch migrations on SQLite rebuild tables and drop triggers: this catches it."""
    from app.search import index

    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            names = set(
                connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
                ).scalars()
            )
            assert index.SQLITE_TABLE in names
            assert set(index.SQLITE_TRIGGERS) <= names
        else:
            indexes = {i["name"] for i in sa.inspect(connection).get_indexes("dialogues")}
            assert index.POSTGRES_INDEX in indexes


def test_source_links_become_citations_and_consent_becomes_a_level(tmp_path):
    """f14r00000001 keeps what was recorded: each link a citation named after its host, a
    statement's consent to publish a "publish without the name"; and back again."""
    with empty_database(tmp_path) as url:
        application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with application.app_context():
            upgrade(revision="c9d0ffee0009")
            with db.engine.begin() as connection:
                run = connection.exec_driver_sql
                run(
                    "INSERT INTO places (id, code, kind, name_en, name_ar) "
                    "VALUES (1, 'SY04', 'governorate', 'Homs', 'حمص')"
                )
                run(
                    "INSERT INTO organizations (id, name_en, kind, active, created_at, updated_at)"
                    " VALUES (1, 'Centre', 'civil_society', true, '2026-11-01', '2026-11-01')"
                )
                run(
                    "INSERT INTO dialogues (id, title_en, format, held_on, city_id, "
                    "organizer_org_id, status, visibility, participants_total, "
                    "participants_women, participants_men, participants_youth, source_links, "
                    "search_text, version, created_at, updated_at) VALUES (1, 'T', 'session', "
                    "'2026-11-29', 1, 1, 'held', 'public', 0, 0, 0, 0, "
                    "'https://www.sana.sy/x\n\n javascript:alert(1)\nhttp://example.org/r ', "
                    "'', 1, '2026-11-01', '2026-11-01')"
                )
                run(
                    "INSERT INTO statements (id, dialogue_id, text, consent_to_publish) "
                    "VALUES (1, 1, 'yes', true), (2, 1, 'no', false)"
                )
            upgrade()
            with db.engine.connect() as connection:
                sources = connection.exec_driver_sql(
                    "SELECT position, publisher, url, published_on FROM dialogue_sources "
                    "ORDER BY position"
                ).all()
                levels = connection.exec_driver_sql(
                    "SELECT id, consent_level FROM statements ORDER BY id"
                ).all()
            assert [tuple(row) for row in sources] == [
                (1, "sana.sy", "https://www.sana.sy/x", None),
                (2, "example.org", "http://example.org/r", None),
            ]
            assert [tuple(row) for row in levels] == [(1, "anonymous"), (2, "internal")]
            downgrade(revision="c9d0ffee0009")
            with db.engine.connect() as connection:
                links = connection.exec_driver_sql("SELECT source_links FROM dialogues").scalar()
                consents = (
                    connection.exec_driver_sql(
                        "SELECT consent_to_publish FROM statements ORDER BY id"
                    )
                    .scalars()
                    .all()
                )
            assert links == "https://www.sana.sy/x\nhttp://example.org/r"
            assert [bool(c) for c in consents] == [True, False]
            db.session.remove()
            db.engine.dispose()
