"""The follow-up of an outcome through its page: assign, accept, report, verify, comment."""

import re

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.outcomes.models import Outcome, OutcomeStatus, OutcomeUpdate, UpdateKind
from app.outcomes.services import record_assignment


@pytest.fixture
def story(make, db):
    organiser = make.organization(name_en="Dialogue Centre")
    partner = make.organization(name_en="Homs Youth")
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    organiser_staff = make.user(role=Role.ORGANIZER, organization=organiser, name="Organiser")
    partner_staff = make.user(role=Role.PARTNER, organization=partner, name="Partner")
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner, text="لجنة أحياء")
    record_assignment(outcome, organiser_staff)
    db.session.commit()
    return {
        "outcome": outcome,
        "organiser": organiser_staff,
        "partner": partner_staff,
        "dialogue": dialogue,
    }


def timeline(db, outcome):
    return db.session.scalars(
        sa.select(OutcomeUpdate.kind)
        .where(OutcomeUpdate.outcome_id == outcome.id)
        .order_by(OutcomeUpdate.id)
    ).all()


def latest_progress_id(db, outcome):
    return db.session.scalar(
        sa.select(sa.func.max(OutcomeUpdate.id)).where(
            OutcomeUpdate.outcome_id == outcome.id, OutcomeUpdate.kind == UpdateKind.PROGRESS
        )
    )


def test_a_full_cycle_leaves_the_whole_timeline(client, login, story, db):
    outcome, path = story["outcome"], f"/outcomes/{story['outcome'].id}"
    login(story["partner"])
    assert client.post(f"{path}/accept", data={"version": outcome.version}).status_code == 302
    report = {"status": "in_progress", "progress": "40", "note": "اجتماعان", "evidence_url": ""}
    assert client.post(f"{path}/progress", data=report).status_code == 302
    login(story["organiser"])
    first = latest_progress_id(db, outcome)
    asked = client.post(
        f"{path}/request-evidence",
        data={"update_id": first, "note": "صور الاجتماع؟", "version": outcome.version},
    )
    assert asked.status_code == 302
    login(story["partner"])
    report = {**report, "progress": "60", "evidence_url": "https://example.org/minutes"}
    assert client.post(f"{path}/progress", data=report).status_code == 302
    login(story["organiser"])
    second = latest_progress_id(db, outcome)
    verified = client.post(
        f"{path}/verify", data={"update_id": second, "note": "", "version": outcome.version}
    )
    assert verified.status_code == 302
    db.session.refresh(outcome)
    assert timeline(db, outcome) == [
        UpdateKind.ASSIGNMENT,
        UpdateKind.ACCEPTANCE,
        UpdateKind.PROGRESS,
        UpdateKind.EVIDENCE_REQUEST,
        UpdateKind.PROGRESS,
        UpdateKind.VERIFICATION,
    ]
    assert (outcome.status, outcome.progress_reported, outcome.progress_verified) == (
        OutcomeStatus.IN_PROGRESS,
        60,
        60,
    )
    for user in (story["partner"], story["organiser"]):
        login(user)
        html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert 'data-testid="verified">60%' in html and "More evidence requested" in html


def test_a_declined_assignment_says_why(client, login, story, db):
    outcome = story["outcome"]
    login(story["partner"])
    empty = client.post(f"/outcomes/{outcome.id}/decline", data={"reason": ""})
    assert empty.status_code == 400
    response = client.post(
        f"/outcomes/{outcome.id}/decline", data={"reason": "ليس ضمن عملنا", "version": ""}
    )
    assert response.status_code == 302
    db.session.refresh(outcome)
    assert outcome.declined_at is not None
    assert timeline(db, outcome)[-1] == UpdateKind.DECLINE


def test_two_reports_both_land_in_order(client, login, story, db):
    login(story["partner"])
    for progress in ("20", "30"):
        data = {"status": "in_progress", "progress": progress}
        assert (
            client.post(f"/outcomes/{story['outcome'].id}/progress", data=data).status_code == 302
        )
    progresses = db.session.scalars(
        sa.select(OutcomeUpdate.progress)
        .where(OutcomeUpdate.kind == UpdateKind.PROGRESS)
        .order_by(OutcomeUpdate.id)
    ).all()
    assert progresses == [20, 30]


def test_a_stale_verification_form_is_refused_and_says_so(client, login, story, db):
    outcome = story["outcome"]
    login(story["partner"])
    client.post(
        f"/outcomes/{outcome.id}/progress", data={"status": "in_progress", "progress": "10"}
    )
    report_id = latest_progress_id(db, outcome)
    db.session.refresh(outcome)
    stale_version = outcome.version - 1
    login(story["organiser"])
    response = client.post(
        f"/outcomes/{outcome.id}/verify",
        data={"update_id": report_id, "note": "ok", "version": stale_version},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert "Someone changed this outcome" in response.get_data(as_text=True)
    assert timeline(db, outcome)[-1] == UpdateKind.PROGRESS


@pytest.mark.parametrize(
    ("progress", "message"), [("", "Give the progress"), ("140", "0 to 100"), ("x", "integer")]
)
def test_bad_progress_gets_a_message_and_keeps_the_note(client, login, story, progress, message):
    login(story["partner"])
    response = client.post(
        f"/outcomes/{story['outcome'].id}/progress",
        data={"status": "in_progress", "progress": progress, "note": "ما أنجزناه"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "ما أنجزناه" in html
    # The note stays in the report's box only: the comment box (same field name) is empty, and
    # each label points at its own box.
    assert html.count("ما أنجزناه") == 1
    assert re.search(r'<textarea[^>]*id="progress-note"[^>]*>\s*ما أنجزناه</textarea>', html)
    assert re.search(r'<textarea[^>]*id="comment-note"[^>]*>\s*</textarea>', html)
    assert 'for="comment-note"' in html and 'for="progress-note"' in html
    assert html.count('id="note"') == 0


def test_nobody_verifies_their_own_organisations_report(client, login, make, db):
    staff = make.user(role=Role.ORGANIZER)
    dialogue = make.dialogue(organizer=staff.organization)
    outcome = make.outcome(dialogue=dialogue, responsible_org=staff.organization)
    db.session.commit()
    login(staff)
    client.post(f"/outcomes/{outcome.id}/progress", data={"status": "achieved", "progress": "100"})
    report_id = latest_progress_id(db, outcome)
    response = client.post(f"/outcomes/{outcome.id}/verify", data={"update_id": report_id})
    assert response.status_code == 403
    html = client.get(f"/outcomes/{outcome.id}", headers={"Accept-Language": "en"})
    assert "Self-reported" in html.get_data(as_text=True)


def test_an_outcome_links_to_the_dialogue_that_followed_it_up(client, login, story, make, db):
    from datetime import timedelta

    later = make.dialogue(
        organizer=story["dialogue"].organizer,
        held_on=story["dialogue"].held_on + timedelta(days=40),
        title_en="The follow-up session",
    )
    db.session.commit()
    login(story["organiser"])
    response = client.post(
        f"/outcomes/{story['outcome'].id}/followups", data={"dialogue_id": str(later.id)}
    )
    assert response.status_code == 302
    html = client.get(f"/dialogues/{later.id}", headers={"Accept-Language": "en"})
    assert "لجنة أحياء" in html.get_data(as_text=True)


@pytest.fixture
def viewers(story, make):
    return {
        "organiser": story["organiser"],
        "partner": story["partner"],
        "other_organiser": make.user(role=Role.ORGANIZER),
        "other_partner": make.user(role=Role.PARTNER),
        "donor": make.user(role=Role.DONOR),
        "admin": make.user(admin=True),
    }


ROLES = ["anonymous", "organiser", "other_organiser", "partner", "other_partner", "donor", "admin"]

# role -> (GET page, POST comment, POST accept, POST verify) on a partners-visibility dialogue
EXPECTED = {
    "anonymous": (404, 302, 302, 302),
    "organiser": (200, 302, 403, 400),
    "other_organiser": (404, 404, 404, 404),
    "partner": (200, 302, 302, 403),
    "other_partner": (404, 404, 404, 404),
    "donor": (404, 404, 404, 404),
    "admin": (200, 302, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_every_outcome_route_for_every_role(client, login, story, viewers, role):
    users = viewers
    if role != "anonymous":
        login(users[role])
    path = f"/outcomes/{story['outcome'].id}"
    get, comment, accept, verify = EXPECTED[role]
    assert client.get(path).status_code == get
    assert client.post(f"{path}/comments", data={"note": "ملاحظة"}).status_code == comment
    assert client.post(f"{path}/accept", data={}).status_code == accept
    assert client.post(f"{path}/verify", data={}).status_code == verify
    for extra in ("decline", "progress", "request-evidence", "followups"):
        assert client.post(f"{path}/{extra}", data={}).status_code < 500


def test_the_outcome_page_runs_a_fixed_number_of_queries(client, login, story, db, count_queries):
    outcome = story["outcome"]
    login(story["partner"])
    with count_queries() as few:
        client.get(f"/outcomes/{outcome.id}")
    for number in range(30):
        db.session.add(
            OutcomeUpdate(
                outcome_id=outcome.id,
                kind=UpdateKind.COMMENT,
                note=f"تعليق {number}",
                author_id=story["organiser"].id,
                organization_id=story["organiser"].organization_id,
            )
        )
    with count_queries() as many:
        client.get(f"/outcomes/{outcome.id}")
    assert len(many) == len(few)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 1


def test_a_report_racing_another_step_still_lands_after_it(client, login, story, db, monkeypatch):
    """Simulates a second request committing between this one's load and its commit."""
    from app.extensions import db as database
    from app.outcomes import services

    real_report = services.report_progress
    raced = []

    def racing_report(outcome, **kwargs):
        if not raced:
            raced.append(True)
            with database.engine.begin() as other_request:
                other_request.execute(
                    sa.update(Outcome)
                    .where(Outcome.id == outcome.id)
                    .values(version=Outcome.version + 1)
                )
        return real_report(outcome, **kwargs)

    monkeypatch.setattr(services, "report_progress", racing_report)
    login(story["partner"])
    response = client.post(
        f"/outcomes/{story['outcome'].id}/progress",
        data={"status": "in_progress", "progress": "25"},
    )
    assert response.status_code == 302
    assert raced
    reports = db.session.scalars(
        sa.select(OutcomeUpdate.progress).where(OutcomeUpdate.kind == UpdateKind.PROGRESS)
    ).all()
    assert reports == [25]


@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
@pytest.mark.parametrize("role", ROLES)
def test_an_outcome_exists_exactly_where_its_dialogue_does(
    client, login, story, viewers, role, visibility
):
    users = viewers
    story["dialogue"].visibility = Visibility(visibility)
    if role != "anonymous":
        login(users[role])
    dialogue_page = client.get(f"/dialogues/{story['dialogue'].id}").status_code
    outcome_page = client.get(f"/outcomes/{story['outcome'].id}").status_code
    assert dialogue_page in (200, 404)
    assert outcome_page == dialogue_page
