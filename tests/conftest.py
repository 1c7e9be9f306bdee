"""Fixtures: one app and schema per run, a clean database for every test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.places.services import load_places
from app.themes.services import load_themes
from tests import factories


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    overrides = {"TESTING": True}
    if not os.environ.get("TEST_DATABASE_URL"):
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    overrides["UPLOAD_FOLDER"] = str(tmp_path_factory.mktemp("uploads"))
    application = create_app(overrides)
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(app) -> Iterator:
    """Every test starts with empty tables and its own application context."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production: its own session and
    its own `g`. What the test built is committed first so the request can see it, and the test's
    objects are expired afterwards so they show what the request wrote."""

    def open(self, *args, **kwargs):
        _db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


class ApiClient:
    """Calls /api/v1 anonymously or with a Bearer token, in a chosen language."""

    def __init__(self, client):
        self.client = client

    def _headers(self, token, language, headers):
        sent = {"Accept-Language": language, **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        return sent

    def get(self, path, *, token=None, language="en", headers=None, **kwargs):
        return self.client.get(
            f"/api/v1{path}", headers=self._headers(token, language, headers), **kwargs
        )

    def post(self, path, *, token=None, language="en", headers=None, **kwargs):
        return self.client.post(
            f"/api/v1{path}", headers=self._headers(token, language, headers), **kwargs
        )


@pytest.fixture
def api(client):
    return ApiClient(client)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def reference_data(db):
    """The shipped places and themes."""
    load_places()
    load_themes()
    db.session.commit()


@pytest.fixture
def login(client):
    """Sign a user in on the test client without posting the form (which is tested on its own)."""

    def sign_in(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return sign_in


@pytest.fixture
def count_queries(db):
    """A context manager that counts the SQL statements run inside it."""

    @contextmanager
    def counting():
        db.session.commit()  # the test's own pending writes are not the page's queries
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def make(db):
    """The factories, bound to the test's session: make.dialogue(...), make.user(...)."""
    return factories


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile catalogues newer than their .mo, so that a plain `pytest` speaks Arabic too."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in Path(__file__).parent.parent.glob("app/translations/*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=True)
