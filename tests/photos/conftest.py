"""What the photo tests share: the files on disk, and outcome updates to hang evidence on."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.dialogues.models import Photo
from app.outcomes.models import OutcomeUpdate, UpdateKind


@pytest.fixture
def photo_folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / "photos"


@pytest.fixture
def stored_files(photo_folder):
    """The set of files in the photo folder right now."""

    def listing() -> set[Path]:
        return set(photo_folder.iterdir()) if photo_folder.exists() else set()

    return listing


@pytest.fixture
def nothing_stored(db, stored_files):
    """Call after a refusal: no new file, no photo row, no audit event."""
    before = stored_files()

    def check() -> None:
        assert stored_files() == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Photo)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0

    return check


@pytest.fixture
def progress_report(db, make):
    """make an OutcomeUpdate (a partner's progress report) on an outcome of `dialogue`."""

    def report(dialogue=None, organization=None) -> OutcomeUpdate:
        outcome = make.outcome(dialogue=dialogue or make.dialogue())
        organization = organization or outcome.responsible_org
        author = make.user(organization=organization)
        update = OutcomeUpdate(
            outcome=outcome,
            kind=UpdateKind.PROGRESS,
            author=author,
            organization=organization,
            progress=40,
            note="Two of five trainings held",
        )
        db.session.add(update)
        db.session.flush()
        return update

    return report
