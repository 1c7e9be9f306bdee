"""`flask demo`: the promised organisations, logins and dialogues, loaded once however often run."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.auth.services import authenticate
from app.demo.content import DEMO_PASSWORD, LOGINS
from app.demo.homs import HOMS_TITLE_EN
from app.dialogues.models import Dialogue, DialogueStatus, Statement, Visibility
from app.organizations.models import Organization, OrganizationKind
from app.outcomes.models import CLOSED_STATUSES, Outcome, OutcomeStatus, UpdateKind
from app.places.models import Place
from tests.demo import checks


def test_demo_has_organisations_of_every_kind_the_story_needs(db, demo):
    organizations = db.session.scalars(sa.select(Organization)).all()
    assert len(organizations) >= 8
    kinds = {org.kind for org in organizations}
    assert {
        OrganizationKind.CIVIL_SOCIETY,
        OrganizationKind.COMMUNITY,
        OrganizationKind.PUBLIC_INSTITUTION,
        OrganizationKind.INTERNATIONAL,
        OrganizationKind.DONOR,
    } <= kinds
    assert all(org.name_ar and org.name_en for org in organizations)
    assert sum(org.home_city is not None for org in organizations) >= 8


def test_one_demo_login_per_role_signs_in_with_the_demo_password(db, demo):
    users = db.session.scalars(sa.select(User)).all()
    assert sorted(user.role for user in users) == sorted(Role)
    for login in LOGINS:
        user = authenticate(login.email, DEMO_PASSWORD)
        assert user is not None and user.role == login.role
        assert (user.organization is None) == (login.role == Role.ADMIN)
    assert len(DEMO_PASSWORD) >= 10


def test_demo_dialogues_cover_cities_statuses_and_visibilities(db, demo):
    today = date.today()
    dialogues = db.session.scalars(sa.select(Dialogue)).all()
    assert len(dialogues) >= 40
    assert len({d.city_id for d in dialogues}) >= 8
    assert {d.visibility for d in dialogues} == set(Visibility)
    assert {d.status for d in dialogues} == set(DialogueStatus)
    assert min(d.held_on for d in dialogues).toordinal() >= today.toordinal() - 18 * 31
    assert all(d.title_en and d.title_ar and d.axes for d in dialogues)
    assert all(axis.theme_id for d in dialogues for axis in d.axes)
    checks.assert_dates_fit_status(db, today)
    checks.assert_counts_consistent(db)
    checks.assert_search_text_normalised(db)
    held = [d for d in dialogues if d.status != DialogueStatus.PLANNED]
    # Unknown is not zero: some held dialogues recorded no attendance, some sex but no sectors.
    assert any(d.participants_total is None for d in held)
    assert any(d.participants_women is not None and not d.sector_counts for d in held)
    assert all(d.participants_total is None for d in dialogues if d not in held)


def test_demo_outcomes_cover_every_status_and_follow_up_consistently(db, demo):
    today = date.today()
    outcomes = db.session.scalars(sa.select(Outcome)).all()
    assert {o.status for o in outcomes} == set(OutcomeStatus)
    assert any(o.is_overdue(today) for o in outcomes)
    assert any(o.due_on > today and o.status not in CLOSED_STATUSES for o in outcomes)
    kinds = {update.kind for outcome in outcomes for update in outcome.updates}
    assert {
        UpdateKind.ASSIGNMENT,
        UpdateKind.ACCEPTANCE,
        UpdateKind.PROGRESS,
        UpdateKind.VERIFICATION,
        UpdateKind.COMMENT,
    } <= kinds
    checks.assert_follow_ups_consistent(db, today)
    checks.assert_outcomes_sit_on_an_axis_of_their_theme(db)
    consents = set(db.session.scalars(sa.select(Statement.consent_to_publish)))
    assert consents == {True, False}


def test_homs_session_tells_the_story(db, demo):
    homs = db.session.scalar(sa.select(Dialogue).where(Dialogue.title_en == HOMS_TITLE_EN))
    assert homs.city.code == "SY04-HOMS"
    assert "فندق" in homs.venue
    assert homs.status == DialogueStatus.REPORTED and homs.visibility == Visibility.PUBLIC
    assert [axis.theme.code for axis in homs.axes] == [
        "community_safety",
        "needs_priorities",
        "civil_society_role",
        "roles_coordination",
        "solutions_tools",
        "protection",
        "roles_coordination",
        "hate_speech",
        "social_capital",
    ]
    assert {link.organization.kind for link in homs.links} >= {
        OrganizationKind.COMMUNITY,
        OrganizationKind.PUBLIC_INSTITUTION,
    }
    assert {o.status for o in homs.outcomes} == set(OutcomeStatus)
    # The partner's latest progress report waits for the organiser's verification.
    partner = db.session.scalar(sa.select(User).where(User.role == Role.PARTNER))
    commitment = homs.outcomes[0]
    assert commitment.responsible_org_id == partner.organization_id
    assert commitment.updates[-1].kind == UpdateKind.PROGRESS
    assert commitment.updates[-1].author == partner
    assert commitment.progress_reported > commitment.progress_verified > 0
    follow_up = db.session.scalar(
        sa.select(Dialogue).where(Dialogue.title_en.like("%Homs: follow-up%"))
    )
    assert commitment.followed_up_in == [follow_up]


def test_running_the_command_twice_changes_nothing(db, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = checks.table_counts(db)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "0 organisations, 0 users and 0 dialogues created" in second.output
    assert checks.table_counts(db) == counts
    assert counts["dialogues"] >= 40
    assert checks.count(db, AuditEvent, AuditEvent.action == "demo_load") == 1


def test_logins_are_printed_and_nothing_is_loaded(db, runner):
    result = runner.invoke(args=["demo", "--logins"])
    assert result.exit_code == 0, result.output
    for login in LOGINS:
        assert login.email in result.output
    assert DEMO_PASSWORD in result.output
    assert checks.count(db, Place) == 0 and checks.count(db, User) == 0
