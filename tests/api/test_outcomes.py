"""Contract of /api/v1/outcomes: the list, the timeline, and the two writes (a progress report
by the responsible organisation, a verification by the organiser), each with its refusals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.outcomes.models import OutcomeStatus, OutcomeUpdate, UpdateKind
from app.outcomes.services import record_assignment
from app.tokens.models import TokenScope
from tests import factories
from tests.api.conftest import ids

REPORT = {"status": "in_progress", "progress": 40, "note": "Two meetings held"}


@pytest.fixture
def story(make, db):
    organiser = make.organization(name_en="Dialogue Centre")
    partner = make.organization(name_en="Homs Youth")
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    organiser_staff = make.user(role=Role.ORGANIZER, organization=organiser, name="Samir Organiser")
    partner_staff = make.user(role=Role.PARTNER, organization=partner, name="Lina Partner")
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner)
    record_assignment(outcome, organiser_staff)
    db.session.commit()
    return {
        "outcome": outcome,
        "path": f"/outcomes/{outcome.id}",
        "organiser": factories.api_token(organiser_staff),
        "partner": factories.api_token(partner_staff),
        "partner_read": factories.api_token(partner_staff, scope=TokenScope.READ),
        "outsider": factories.api_token(make.user(role=Role.PARTNER)),
    }


def report(api, story, who="partner", body=None, **kwargs):
    return api.post(
        f"{story['path']}/progress-reports",
        token=story[who],
        json=REPORT if body is None else body,
        **kwargs,
    )


def test_the_partner_reports_progress_through_the_service(api, story, db):
    response = report(api, story)
    assert response.status_code == 201
    body = response.get_json()
    assert body["kind"] == "progress" and body["progress"] == 40
    assert body["organization"]["name_en"] == "Homs Youth"
    assert response.headers["Location"].endswith(f"/api/v1{story['path']}")
    outcome = story["outcome"]
    db.session.refresh(outcome)
    assert (outcome.status, outcome.progress_reported) == (OutcomeStatus.IN_PROGRESS, 40)
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "progress")).one()


def test_the_organiser_verifies_the_report(api, story, db):
    report_id = report(api, story).get_json()["id"]
    detail = api.get(story["path"], token=story["organiser"]).get_json()
    response = api.post(
        f"{story['path']}/verifications",
        token=story["organiser"],
        json={"update_id": report_id, "note": "Minutes seen", "version": detail["version"]},
    )
    assert response.status_code == 201
    assert response.get_json()["answers_update_id"] == report_id
    outcome = story["outcome"]
    db.session.refresh(outcome)
    assert outcome.progress_verified == 40
    # A second verification of the same report no longer applies.
    again = api.post(
        f"{story['path']}/verifications", token=story["organiser"], json={"update_id": report_id}
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"


def test_a_verification_against_an_old_version_is_a_conflict(api, story):
    report_id = report(api, story).get_json()["id"]
    response = api.post(
        f"{story['path']}/verifications",
        token=story["organiser"],
        json={"update_id": report_id, "version": 1},
    )
    assert response.status_code == 409


def test_the_timeline_names_organisations_never_people(api, story):
    report(api, story)
    body = api.get(story["path"], token=story["partner"]).get_json()
    assert [u["kind"] for u in body["timeline"]] == ["assignment", "progress"]
    assert body["timeline"][0]["organization"]["name_en"] == "Dialogue Centre"
    text = api.get(story["path"], token=story["partner"]).get_data(as_text=True)
    assert "Lina" not in text and "Samir" not in text and "@" not in text


@pytest.mark.parametrize(
    ("token_name", "status"),
    [(None, 401), ("partner_read", 403), ("organiser", 403), ("outsider", 404)],
)
def test_reporting_is_for_the_responsible_organisation_with_a_write_token(
    api, story, db, token_name, status
):
    response = api.post(
        f"{story['path']}/progress-reports",
        token=story[token_name] if token_name else None,
        json=REPORT,
    )
    assert response.status_code == status
    assert set(response.get_json()["error"]) == {"code", "message", "fields"}
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(OutcomeUpdate.kind == UpdateKind.PROGRESS)
        )
        == 0
    )


@pytest.mark.parametrize(
    ("token_name", "status"),
    [(None, 401), ("partner", 403), ("outsider", 404)],
)
def test_verifying_is_for_the_organisers_staff(api, story, token_name, status):
    report_id = report(api, story).get_json()["id"]
    response = api.post(
        f"{story['path']}/verifications",
        token=story[token_name] if token_name else None,
        json={"update_id": report_id},
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"status": "proposed", "progress": 10}, {"status"}),
        ({"status": "in_progress", "progress": 101}, {"progress"}),
        ({"status": "in_progress"}, {"progress"}),
        ({"status": "achieved", "progress": 100, "reported_on": "2999-01-01"}, {"reported_on"}),
        ({"status": "achieved", "progress": 100, "evidence_url": "not a link"}, {"evidence_url"}),
        ({"status": "achieved", "progress": "x" * 20, "note": "y" * 4001}, {"progress", "note"}),
    ],
)
def test_an_invalid_report_is_a_422_with_the_forms_messages(api, story, body, fields):
    response = report(api, story, body=body, language="ar")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert set(error["fields"]) == fields
    assert error["message"] == "بعض القيم غير صالحة؛ انظر fields."
    assert all(messages for messages in error["fields"].values())


def test_a_body_that_is_not_a_json_object_is_refused(api, story):
    assert report(api, story, body=[1, 2]).status_code == 422
    response = api.post(
        f"{story['path']}/progress-reports", token=story["partner"], data="status=held"
    )
    assert response.status_code == 415


@pytest.mark.parametrize("update_id", [999999, "abc", None])
def test_verifying_an_unknown_report_is_a_422(api, story, update_id):
    response = api.post(
        f"{story['path']}/verifications", token=story["organiser"], json={"update_id": update_id}
    )
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["update_id"]


def test_the_list_is_every_visible_outcome_and_queue_is_the_organisations(api, story, make):
    other = make.outcome(dialogue=story["outcome"].dialogue, responsible_org=make.organization())
    hidden = make.outcome(dialogue=make.dialogue(visibility=Visibility.INTERNAL))
    everything = ids(api.get("/outcomes", token=story["partner"]))
    assert everything == sorted([story["outcome"].id, other.id])
    assert hidden.id not in everything
    queue = ids(api.get("/outcomes", token=story["partner"], query_string={"queue": "true"}))
    assert queue == [story["outcome"].id]
    assert ids(api.get("/outcomes")) == []
    assert api.get("/outcomes?queue=maybe").status_code == 422


def test_the_outcome_status_filter(api, story, make):
    done = make.outcome(dialogue=story["outcome"].dialogue, status=OutcomeStatus.ACHIEVED)
    listed = ids(api.get("/outcomes", token=story["partner"], query_string={"status": "achieved"}))
    assert listed == [done.id]


def test_a_report_that_meets_a_concurrent_step_is_filed_after_it(api, story, db, monkeypatch):
    """As on the page: a StaleDataError on commit means another step landed first; the report
    is filed again after it rather than refused."""
    from flask import has_request_context
    from sqlalchemy.orm.exc import StaleDataError

    api.get("/themes", token=story["partner"])  # the token's first use is recorded now
    real_commit, failures = db.session.commit, []

    def commit_once_stale():
        if has_request_context() and not failures:
            failures.append(1)
            raise StaleDataError("the outcome changed in between")
        return real_commit()

    monkeypatch.setattr(db.session, "commit", commit_once_stale)
    response = report(api, story)
    assert response.status_code == 201 and failures == [1]
    monkeypatch.undo()
    kinds = db.session.scalars(
        sa.select(OutcomeUpdate.kind).where(OutcomeUpdate.outcome_id == story["outcome"].id)
    ).all()
    assert kinds.count(UpdateKind.PROGRESS) == 1
