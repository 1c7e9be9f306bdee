"""Belonging to the organising organisation is not enough: restoring an archived dialogue and
verifying a report take the organiser role (or, for restoring, an admin). A partner- or
donor-role member of that organisation sees the dialogue but may do neither."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.db import utcnow
from app.dialogues import permissions
from app.dialogues.models import Visibility
from app.outcomes import services
from app.outcomes.models import OutcomeStatus, OutcomeUpdate, UpdateKind
from tests import factories

EN = {"Accept-Language": "en"}


@pytest.fixture
def house(make, db):
    organiser = make.organization(name_en="Dialogue Centre")
    responsible = make.organization(name_en="Homs Youth")
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.INTERNAL)
    outcome = make.outcome(dialogue=dialogue, responsible_org=responsible)
    reporter = make.user(role=Role.PARTNER, organization=responsible)
    report = services.report_progress(
        outcome,
        user=reporter,
        status=OutcomeStatus.IN_PROGRESS,
        progress=50,
        note=None,
        evidence_url=None,
        reported_on=date.today(),
    )
    members = {
        role.value: make.user(role=role, organization=organiser)
        for role in (Role.ORGANIZER, Role.PARTNER, Role.DONOR)
    }
    db.session.commit()
    return {"dialogue": dialogue, "outcome": outcome, "report": report, **members}


def archive(db, dialogue):
    dialogue.archived_at = utcnow()
    db.session.commit()


def restores(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "restore"))


@pytest.mark.parametrize("role", ["partner", "donor"])
def test_a_non_organiser_member_cannot_restore(client, login, house, db, role):
    dialogue = house["dialogue"]
    archive(db, dialogue)
    login(house[role])
    page = client.get(f"/dialogues/{dialogue.id}", headers=EN)
    assert page.status_code == 200  # their organisation's dialogue: they may look at it
    assert f"/dialogues/{dialogue.id}/restore" not in page.get_data(as_text=True)
    assert client.post(f"/dialogues/{dialogue.id}/restore").status_code == 403
    db.session.refresh(dialogue)
    assert dialogue.is_archived and restores(db) == 0
    assert not permissions.can_restore_dialogue(house[role], dialogue)


def test_the_organiser_member_restores(client, login, house, db):
    dialogue = house["dialogue"]
    archive(db, dialogue)
    login(house["organizer"])
    page = client.get(f"/dialogues/{dialogue.id}", headers=EN)
    assert f"/dialogues/{dialogue.id}/restore" in page.get_data(as_text=True)
    assert client.post(f"/dialogues/{dialogue.id}/restore").status_code == 302
    db.session.refresh(dialogue)
    assert not dialogue.is_archived and restores(db) == 1


def test_a_live_dialogue_is_not_restored(client, login, house, db):
    login(house["organizer"])
    assert not permissions.can_restore_dialogue(house["organizer"], house["dialogue"])
    assert client.post(f"/dialogues/{house['dialogue'].id}/restore").status_code == 403


def verifications(db) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(OutcomeUpdate.kind == UpdateKind.VERIFICATION)
    )


@pytest.mark.parametrize("role", ["partner", "donor"])
def test_a_non_organiser_member_cannot_verify(client, login, api, house, db, role):
    outcome, report = house["outcome"], house["report"]
    user = house[role]
    assert not permissions.can_verify_outcome(user, outcome)
    login(user)
    page = client.get(f"/outcomes/{outcome.id}", headers=EN)
    assert page.status_code == 200
    assert f"/outcomes/{outcome.id}/verify" not in page.get_data(as_text=True)
    data = {"update_id": report.id, "version": outcome.version}
    assert client.post(f"/outcomes/{outcome.id}/verify", data=data).status_code == 403
    assert client.post(f"/outcomes/{outcome.id}/request-evidence", data=data).status_code == 403
    response = api.post(
        f"/outcomes/{outcome.id}/verifications", token=factories.api_token(user), json=data
    )
    assert response.status_code == 403
    assert verifications(db) == 0


def test_the_organiser_member_verifies(client, login, house, db):
    outcome, report = house["outcome"], house["report"]
    assert permissions.can_verify_outcome(house["organizer"], outcome)
    login(house["organizer"])
    data = {"update_id": report.id, "version": outcome.version}
    assert client.post(f"/outcomes/{outcome.id}/verify", data=data).status_code == 302
    assert verifications(db) == 1


def test_nobody_verifies_on_an_archived_dialogue(house, db):
    archive(db, house["dialogue"])
    assert not permissions.can_verify_outcome(house["organizer"], house["outcome"])
