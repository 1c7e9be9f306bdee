"""What the backup tests share: a realistic set of records, empty restore targets of the same
kind as the source, and the comparisons of every table and every file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask

from app import create_app
from app.audit import services as audit
from app.dialogues.models import Sector, SectorCount
from app.extensions import db
from app.outcomes import services as outcomes
from app.outcomes.models import OutcomeStatus
from app.photos.services import store_photo
from tests import factories
from tests.photos import images

PG_TOOLS = shutil.which("pg_dump") and shutil.which("pg_restore")


def kind_of(application: Flask) -> str:
    return sa.make_url(application.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()


@dataclass
class Site:
    """An app with its database and upload folder: where a backup comes from or goes to."""

    app: Flask
    engine: sa.Engine

    @property
    def upload_folder(self) -> Path:
        return Path(self.app.config["UPLOAD_FOLDER"])

    def invoke(self, *args: str):
        # The command runs in the app context already pushed, if any: push this site's own, or
        # it would act on the suite's database (the autouse `db` fixture pushed that one).
        with self.app.app_context():
            return self.app.test_cli_runner().invoke(args=list(args))


def app_for(url: str, upload_folder: Path, **settings) -> Flask:
    return create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(upload_folder)}
        | settings
    )


@contextmanager
def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """A new, empty database of the given kind; a PostgreSQL one is dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'restored.sqlite3'}"
        return
    server = sa.make_url(os.environ["TEST_DATABASE_URL"])
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"hiwar_backup_restore_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(request, app, tmp_path) -> Iterator[Site]:
    """The suite's app when it runs on the requested kind; for SQLite under the PostgreSQL run,
    an app of its own (a SQLite round trip runs on every run)."""
    kind = getattr(request, "param", kind_of(app))
    if kind == kind_of(app):
        yield Site(app, db.engine)
        return
    if kind != "sqlite":
        pytest.skip("the PostgreSQL round trip runs when TEST_DATABASE_URL points at PostgreSQL")
    own = app_for(f"sqlite:///{tmp_path / 'source.sqlite3'}", tmp_path / "source-uploads")
    with own.app_context():
        db.create_all()
        yield Site(own, db.engine)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def target(source, tmp_path) -> Iterator[Site]:
    """An empty database of the source's kind and an empty upload folder, in an app of their own."""
    if kind_of(source.app) == "postgresql" and not PG_TOOLS:
        pytest.skip("pg_dump and pg_restore are not installed")
    with empty_database(kind_of(source.app), tmp_path) as url:
        restored = app_for(url, tmp_path / "restored-uploads")
        with restored.app_context():
            engine = db.engine
        yield Site(restored, engine)
        engine.dispose()


def table_rows(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every table of the schema, row by row, in primary-key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    sa.select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in db.metadata.sorted_tables
        }


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def records(source):
    """Dialogues with axes, priorities, statements, sector counts and partners; outcomes through
    their whole follow-up; photos on a dialogue and on a progress report; users, a token, audit
    events and notifications. Committed, as a backup only sees committed data."""
    with source.app.app_context():
        make = factories
        admin = make.user(admin=True, email="admin@example.org")
        organizer = make.user(email="organizer@example.org", name="منظّم الحوار")
        partner_org = make.organization(name_en="Homs Youth Network", name_ar="شبكة شباب حمص")
        partner = make.user(organization=partner_org, role=factories.Role.PARTNER)
        city = make.city(name_ar="حمص", name_en="Homs")
        dialogues = [
            make.dialogue(organizer=organizer.organization, city=city, summary_ar=None),
            make.dialogue(
                organizer=organizer.organization,
                city=city,
                held_on=date.today() - timedelta(days=400),
            ),
        ]
        for dialogue in dialogues:
            make.axis(dialogue=dialogue)
            make.axis(dialogue=dialogue, title="السكن والملكية")
            make.priority(dialogue=dialogue)
            make.statement(dialogue=dialogue, consent_to_publish=True)
            make.link(dialogue=dialogue, organization=partner_org)
            db.session.add(SectorCount(dialogue=dialogue, sector=Sector.CIVIL_SOCIETY, count=7))
        outcome = make.outcome(dialogue=dialogues[0], responsible_org=partner_org)
        make.outcome(dialogue=dialogues[1], responsible_org=None, due_on=None)
        outcomes.record_assignment(outcome, organizer)
        outcomes.accept(outcome, user=partner, version=None)
        report = outcomes.report_progress(
            outcome,
            user=partner,
            status=OutcomeStatus.IN_PROGRESS,
            progress=40,
            note="عقدت ورشتان من خمس",
            evidence_url="https://example.org/report",
            reported_on=date.today(),
            photo=images.jpeg(),
            caption="الورشة الثانية",
        )
        outcomes.verify(report, user=organizer, note="Seen", version=None)
        outcomes.comment(outcome, user=admin, note="Thank you")
        store_photo(images.png(), dialogue=dialogues[0], caption="القاعة", user=organizer)
        store_photo(images.webp(), dialogue=dialogues[1], user=organizer)
        make.api_token(partner)
        audit.record("load", entity_type="places", changes={"created": 3, "updated": 0})
        db.session.commit()
