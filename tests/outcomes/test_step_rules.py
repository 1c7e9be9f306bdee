"""The rules of each follow-up step, pinned: what is refused (through the page and the API)
leaves nothing behind; stale forms; re-assignment; who is told; what the audit log records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.notifications.models import Notification, NotificationKind
from app.outcomes import services
from app.outcomes.models import OutcomeStatus, OutcomeUpdate, UpdateKind
from tests import factories

EN = {"Accept-Language": "en"}


@pytest.fixture
def story(make, db):
    organiser = make.organization(name_en="Dialogue Centre")
    partner = make.organization(name_en="Homs Youth")
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    users = {
        "organiser": make.user(role=Role.ORGANIZER, organization=organiser),
        "organiser_colleague": make.user(role=Role.ORGANIZER, organization=organiser),
        "partner": make.user(role=Role.PARTNER, organization=partner),
        "partner_colleague": make.user(role=Role.PARTNER, organization=partner),
    }
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner, text="لجنة أحياء")
    services.record_assignment(outcome, users["organiser"])
    later = make.dialogue(
        organizer=organiser,
        visibility=Visibility.PARTNERS,
        held_on=dialogue.held_on + timedelta(days=40),
    )
    db.session.commit()
    return {"outcome": outcome, "dialogue": dialogue, "later": later, **users}


def traces(db, outcome) -> tuple[int, int, int]:
    """What a step leaves behind: timeline entries, audit events, notifications."""
    entries = db.session.scalar(
        sa.select(sa.func.count()).where(OutcomeUpdate.outcome_id == outcome.id)
    )
    events = db.session.scalar(
        sa.select(sa.func.count()).where(
            AuditEvent.entity_type == "outcomes", AuditEvent.entity_id == outcome.id
        )
    )
    notes = db.session.scalar(
        sa.select(sa.func.count()).where(Notification.outcome_id == outcome.id)
    )
    return entries, events, notes


def report(outcome, user, progress=40):
    return services.report_progress(
        outcome,
        user=user,
        status=OutcomeStatus.IN_PROGRESS,
        progress=progress,
        note=None,
        evidence_url=None,
        reported_on=date.today(),
    )


def commit(db):
    db.session.commit()
    db.session.expire_all()


def path(story, step=""):
    return f"/outcomes/{story['outcome'].id}{step}"


# -- Refused steps through the page: a 4xx, and nothing written --------------------------------


@pytest.mark.parametrize("status", [OutcomeStatus.ACCEPTED, OutcomeStatus.IN_PROGRESS])
def test_an_accepted_or_running_outcome_cannot_be_declined(client, login, story, db, status):
    outcome = story["outcome"]
    outcome.status = status
    commit(db)
    before = traces(db, outcome)
    login(story["partner"])
    response = client.post(
        path(story, "/decline"), data={"reason": "ليس ضمن عملنا", "version": outcome.version}
    )
    assert response.status_code == 409
    db.session.refresh(outcome)
    assert (outcome.status, outcome.declined_at) == (status, None)
    assert traces(db, outcome) == before


def test_declining_twice_is_refused(client, login, story, db):
    outcome = story["outcome"]
    services.decline(outcome, user=story["partner"], reason="لا", version=None)
    commit(db)
    before = traces(db, outcome)
    login(story["partner"])
    again = client.post(path(story, "/decline"), data={"reason": "مرة أخرى"})
    assert again.status_code == 409
    assert traces(db, outcome) == before


def test_no_progress_is_reported_after_a_decline(client, login, story, db):
    outcome = story["outcome"]
    services.decline(outcome, user=story["partner"], reason="ليس ضمن عملنا", version=None)
    commit(db)
    before = traces(db, outcome)
    login(story["partner"])
    response = client.post(path(story, "/progress"), data={"status": "in_progress", "progress": 10})
    assert response.status_code == 409
    db.session.refresh(outcome)
    assert (outcome.status, outcome.progress_reported) == (OutcomeStatus.PROPOSED, 0)
    assert traces(db, outcome) == before


@pytest.mark.parametrize("first", ["verify", "request_evidence"])
@pytest.mark.parametrize("then", ["/verify", "/request-evidence"])
def test_an_answered_report_cannot_be_answered_again(client, login, story, db, first, then):
    outcome = story["outcome"]
    submitted = report(outcome, story["partner"])
    getattr(services, first)(submitted, user=story["organiser"], note="صور؟", version=None)
    commit(db)
    before = traces(db, outcome)
    verified = outcome.progress_verified
    login(story["organiser"])
    response = client.post(
        path(story, then),
        data={"update_id": submitted.id, "note": "مرة ثانية", "version": outcome.version},
    )
    assert response.status_code == 409
    db.session.refresh(outcome)
    assert outcome.progress_verified == verified
    assert traces(db, outcome) == before


def test_an_outcome_is_not_followed_up_in_its_own_dialogue(client, login, story, db):
    outcome = story["outcome"]
    before = traces(db, outcome)
    login(story["organiser"])
    own = client.post(path(story, "/followups"), data={"dialogue_id": str(outcome.dialogue_id)})
    assert own.status_code == 400  # not among the choices: the form says so
    db.session.refresh(outcome)
    assert outcome.followed_up_in == []
    assert traces(db, outcome) == before
    with pytest.raises(services.NotPossible):  # and the service refuses it on its own
        services.link_followup(outcome, story["dialogue"], user=story["organiser"])
    assert traces(db, outcome) == before


def test_the_same_follow_up_is_linked_once(client, login, story, db):
    outcome = story["outcome"]
    login(story["organiser"])
    data = {"dialogue_id": str(story["later"].id)}
    assert client.post(path(story, "/followups"), data=data).status_code == 302
    after_first = traces(db, outcome)
    again = client.post(path(story, "/followups"), data=data)
    assert again.status_code == 409
    db.session.refresh(outcome)
    assert [d.id for d in outcome.followed_up_in] == [story["later"].id]
    assert traces(db, outcome) == after_first


# -- Refused steps through the API ----------------------------------------------------------------


@pytest.fixture
def tokens(story):
    return {
        "partner": factories.api_token(story["partner"]),
        "organiser": factories.api_token(story["organiser"]),
    }


def test_the_api_refuses_progress_after_a_decline(api, story, tokens, db):
    outcome = story["outcome"]
    services.decline(outcome, user=story["partner"], reason="ليس ضمن عملنا", version=None)
    commit(db)
    before = traces(db, outcome)
    response = api.post(
        f"/outcomes/{outcome.id}/progress-reports",
        token=tokens["partner"],
        json={"status": "in_progress", "progress": 10},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert traces(db, outcome) == before


@pytest.mark.parametrize("first", ["verify", "request_evidence"])
def test_the_api_refuses_to_verify_an_answered_report(api, story, tokens, db, first):
    outcome = story["outcome"]
    submitted = report(outcome, story["partner"])
    getattr(services, first)(submitted, user=story["organiser"], note="صور؟", version=None)
    commit(db)
    before = traces(db, outcome)
    verified = outcome.progress_verified
    response = api.post(
        f"/outcomes/{outcome.id}/verifications",
        token=tokens["organiser"],
        json={"update_id": submitted.id, "version": outcome.version},
    )
    assert response.status_code == 409
    db.session.refresh(outcome)
    assert outcome.progress_verified == verified
    assert traces(db, outcome) == before


def test_the_api_refuses_to_verify_anything_but_a_progress_report(api, story, tokens, db):
    outcome = story["outcome"]
    entry = services.comment(outcome, user=story["organiser"], note="ملاحظة")
    commit(db)
    before = traces(db, outcome)
    response = api.post(
        f"/outcomes/{outcome.id}/verifications",
        token=tokens["organiser"],
        json={"update_id": entry.id},
    )
    assert response.status_code == 409
    assert traces(db, outcome) == before


# -- Stale forms -----------------------------------------------------------------------------------


def test_a_stale_decline_form_is_refused_and_keeps_the_reason(client, login, story, db):
    outcome = story["outcome"]
    stale = outcome.version
    services.comment(outcome, user=story["organiser"], note="changed meanwhile")
    commit(db)
    before = traces(db, outcome)
    login(story["partner"])
    response = client.post(
        path(story, "/decline"),
        data={"reason": "سبب مكتوب بعناية", "version": stale},
        headers=EN,
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone changed this outcome" in html and "سبب مكتوب بعناية" in html
    db.session.refresh(outcome)
    assert outcome.declined_at is None
    assert traces(db, outcome) == before


def test_a_stale_evidence_request_is_refused_and_keeps_the_note(client, login, story, db):
    outcome = story["outcome"]
    submitted = report(outcome, story["partner"])
    commit(db)
    stale = outcome.version
    services.comment(outcome, user=story["partner"], note="changed meanwhile")
    commit(db)
    before = traces(db, outcome)
    login(story["organiser"])
    response = client.post(
        path(story, "/request-evidence"),
        data={"update_id": submitted.id, "note": "محضر الاجتماع من فضلكم", "version": stale},
        headers=EN,
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone changed this outcome" in html and "محضر الاجتماع من فضلكم" in html
    assert traces(db, outcome) == before


def test_a_current_form_is_not_stale(client, login, story, db):
    outcome = story["outcome"]
    login(story["partner"])
    response = client.post(
        path(story, "/decline"), data={"reason": "ليس ضمن عملنا", "version": outcome.version}
    )
    assert response.status_code == 302
    with pytest.raises(services.StaleForm):
        services.accept(outcome, user=story["partner"], version=outcome.version - 1)


# -- Re-assignment ---------------------------------------------------------------------------------


def test_a_new_responsible_organisation_must_accept_again(story, make, db):
    outcome = story["outcome"]
    services.accept(outcome, user=story["partner"], version=None)
    commit(db)
    newcomer = make.organization()
    newcomer_staff = make.user(role=Role.PARTNER, organization=newcomer)
    outcome.responsible_org = newcomer
    entry = services.record_assignment(outcome, story["organiser"])
    commit(db)
    assert (outcome.status, outcome.declined_at) == (OutcomeStatus.PROPOSED, None)
    assert entry.kind == UpdateKind.ASSIGNMENT
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == NotificationKind.ASSIGNMENT)
    ).all()
    assert {n.user_id for n in told if n.update_id == entry.id} == {newcomer_staff.id}


def test_a_new_responsible_organisation_clears_the_decline(story, make, db):
    outcome = story["outcome"]
    services.decline(outcome, user=story["partner"], reason="لا", version=None)
    commit(db)
    outcome.responsible_org = make.organization()
    services.record_assignment(outcome, story["organiser"])
    commit(db)
    assert (outcome.status, outcome.declined_at) == (OutcomeStatus.PROPOSED, None)
    # ... so that the new organisation may accept it.
    newcomer = make.user(role=Role.PARTNER, organization=outcome.responsible_org)
    services.accept(outcome, user=newcomer, version=None)
    assert outcome.status == OutcomeStatus.ACCEPTED


@pytest.mark.parametrize("status", [OutcomeStatus.IN_PROGRESS, OutcomeStatus.STALLED])
def test_a_running_outcome_keeps_its_status_when_reassigned(story, make, db, status):
    outcome = story["outcome"]
    outcome.status = status
    outcome.responsible_org = make.organization()
    services.record_assignment(outcome, story["organiser"])
    commit(db)
    assert outcome.status == status


def test_no_responsible_organisation_no_assignment(story, db):
    outcome = story["outcome"]
    outcome.responsible_org = None
    commit(db)
    before = traces(db, outcome)
    assert services.record_assignment(outcome, story["organiser"]) is None
    commit(db)
    assert traces(db, outcome) == before


# -- Who is told, and what the audit log keeps ----------------------------------------------------


def told(db, update) -> dict[int, NotificationKind]:
    rows = db.session.scalars(
        sa.select(Notification).where(Notification.update_id == update.id)
    ).all()
    return {n.user_id: n.kind for n in rows}


def audited(db, update) -> AuditEvent:
    """The one audit event of a step, found by the update_id it carries."""
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "outcomes", AuditEvent.entity_id == update.outcome_id
        )
    ).all()
    matching = [event for event in events if event.changes.get("update_id") == update.id]
    assert len(matching) == 1, [event.changes for event in events]
    return matching[0]


def test_each_step_tells_who_it_should_and_is_audited_with_its_entry(story, db):
    outcome, partner, organiser = story["outcome"], story["partner"], story["organiser"]
    ids = {name: story[name].id for name in story if name.startswith(("organiser", "partner"))}
    to_organisers = {ids["organiser"], ids["organiser_colleague"]}
    to_partners = {ids["partner"], ids["partner_colleague"]}

    assignment = db.session.scalars(
        sa.select(OutcomeUpdate).where(OutcomeUpdate.kind == UpdateKind.ASSIGNMENT)
    ).one()
    assert told(db, assignment) == dict.fromkeys(to_partners, NotificationKind.ASSIGNMENT)
    assert audited(db, assignment).action == "assignment"

    accepted = services.accept(outcome, user=partner, version=None)
    assert told(db, accepted) == dict.fromkeys(to_organisers, NotificationKind.ANSWER)
    event = audited(db, accepted)
    assert (event.action, event.changes["status"], event.user_id) == (
        "acceptance",
        "accepted",
        partner.id,
    )

    progress = report(outcome, partner, progress=30)
    assert told(db, progress) == {
        **dict.fromkeys(to_organisers, NotificationKind.PROGRESS),
    }
    event = audited(db, progress)
    assert (event.action, event.changes["progress"]) == ("progress", 30)

    asked = services.request_evidence(progress, user=organiser, note="صور؟", version=None)
    assert told(db, asked) == dict.fromkeys(to_partners, NotificationKind.VERIFICATION)
    event = audited(db, asked)
    assert (event.action, event.changes["answers_update_id"]) == ("evidence_request", progress.id)

    second = report(outcome, partner, progress=60)
    verified = services.verify(second, user=organiser, note=None, version=None)
    assert told(db, verified) == dict.fromkeys(to_partners, NotificationKind.VERIFICATION)
    event = audited(db, verified)
    assert (event.action, event.changes["progress"]) == ("verification", 60)
    assert "note" not in event.changes  # nothing recorded for what was not given
    assert outcome.progress_verified == 60

    remark = services.comment(outcome, user=partner, note="شكراً")
    assert told(db, remark) == {
        ids["organiser"]: NotificationKind.COMMENT,
        ids["organiser_colleague"]: NotificationKind.COMMENT,
        ids["partner_colleague"]: NotificationKind.COMMENT,
    }
    assert audited(db, remark).action == "comment"


def test_a_decline_tells_the_organisers_staff(story, db):
    declined = services.decline(
        story["outcome"], user=story["partner"], reason="ليس ضمن عملنا", version=None
    )
    assert told(db, declined) == {
        story["organiser"].id: NotificationKind.ANSWER,
        story["organiser_colleague"].id: NotificationKind.ANSWER,
    }
    event = audited(db, declined)
    assert (event.action, event.changes["note"]) == ("decline", "ليس ضمن عملنا")


def test_each_step_moves_the_version_on(story, db):
    outcome = story["outcome"]
    versions = [outcome.version]
    for step in (
        lambda: services.accept(outcome, user=story["partner"], version=outcome.version),
        lambda: services.comment(outcome, user=story["partner"], note="x"),
        lambda: report(outcome, story["partner"]),
    ):
        step()
        commit(db)
        versions.append(outcome.version)
    assert versions == sorted(set(versions))


def test_a_follow_up_link_is_audited(client, login, story, db):
    login(story["organiser"])
    response = client.post(path(story, "/followups"), data={"dialogue_id": str(story["later"].id)})
    assert response.status_code == 302
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "link_followup")
    ).one()
    assert (event.entity_type, event.entity_id, event.user_id) == (
        "outcomes",
        story["outcome"].id,
        story["organiser"].id,
    )
    assert event.changes == {"dialogue_id": story["later"].id}


def test_only_the_latest_report_sets_the_verified_progress(story, db):
    outcome, partner, organiser = story["outcome"], story["partner"], story["organiser"]
    first = report(outcome, partner, progress=20)
    report(outcome, partner, progress=50)
    services.verify(first, user=organiser, note=None, version=None)
    commit(db)
    assert outcome.progress_verified == 0  # a later report supersedes the one verified
    assert services.latest_report(outcome).progress == 50
    assert services.answer_of(first).kind == UpdateKind.VERIFICATION


def test_a_verified_report_of_no_progress_verifies_zero(story, db):
    outcome = story["outcome"]
    report(outcome, story["partner"], progress=40)
    services.verify(
        services.latest_report(outcome), user=story["organiser"], note=None, version=None
    )
    nothing = report(outcome, story["partner"], progress=0)
    services.verify(nothing, user=story["organiser"], note=None, version=None)
    commit(db)
    assert outcome.progress_verified == 0


def test_a_declining_organisation_may_still_accept(story, db):
    outcome = story["outcome"]
    services.decline(outcome, user=story["partner"], reason="لا", version=None)
    commit(db)
    services.accept(outcome, user=story["partner"], version=outcome.version)
    commit(db)
    assert (outcome.status, outcome.declined_at) == (OutcomeStatus.ACCEPTED, None)
    # ... and, accepted, it reports progress again
    report(outcome, story["partner"], progress=10)
    assert outcome.progress_reported == 10


def test_a_follow_up_link_moves_the_version_on(story, db):
    outcome = story["outcome"]
    before = outcome.version
    services.link_followup(outcome, story["later"], user=story["organiser"])
    commit(db)
    assert outcome.version == before + 1


def test_a_dialogue_lists_only_the_followed_up_outcomes_of_dialogues_one_may_see(story, make, db):
    outcome, later = story["outcome"], story["later"]
    hidden_dialogue = make.dialogue(organizer=story["dialogue"].organizer, visibility="internal")
    hidden = make.outcome(dialogue=hidden_dialogue)
    for earlier in (hidden, outcome):
        services.link_followup(earlier, later, user=story["organiser"])
    commit(db)
    assert services.followed_up_outcomes(later, story["organiser"]) == [outcome, hidden]
    assert services.followed_up_outcomes(later, story["partner"]) == [outcome]
    assert services.followed_up_outcomes(story["dialogue"], story["organiser"]) == []


def test_an_accepted_outcome_is_not_accepted_again(client, login, story, db):
    outcome = story["outcome"]
    services.accept(outcome, user=story["partner"], version=None)
    commit(db)
    before = traces(db, outcome)
    login(story["partner"])
    again = client.post(path(story, "/accept"), data={"version": outcome.version})
    assert again.status_code == 409
    assert traces(db, outcome) == before


@pytest.mark.parametrize("status", ["in_progress", "achieved", "stalled", "dropped"])
def test_every_reportable_status_can_be_reported(api, story, tokens, db, status):
    response = api.post(
        f"/outcomes/{story['outcome'].id}/progress-reports",
        token=tokens["partner"],
        json={"status": status, "progress": 50},
    )
    assert response.status_code == 201
    db.session.refresh(story["outcome"])
    assert story["outcome"].status == OutcomeStatus(status)
