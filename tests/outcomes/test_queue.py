"""The outcome queries (each derived state as SQL) and a partner's queue at /outcomes/."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import Visibility
from app.outcomes import queries
from app.outcomes.models import Outcome, OutcomeStatus, OutcomeUpdate, UpdateKind

TODAY = date(2026, 6, 15)


def ids(db, clause):
    """The outcomes a clause selects, through SQL."""
    return set(db.session.scalars(sa.select(Outcome.id).where(clause)))


def update(db, outcome, kind, answers=None):
    row = OutcomeUpdate(outcome=outcome, kind=kind, answers=answers)
    db.session.add(row)
    db.session.flush()
    return row


# --- overdue: derived from the due date and the status, never stored -----------------------


@pytest.mark.parametrize(
    ("due_on", "status", "overdue"),
    [
        (TODAY, OutcomeStatus.IN_PROGRESS, False),  # due today is not overdue yet
        (TODAY - timedelta(days=1), OutcomeStatus.IN_PROGRESS, True),
        (TODAY - timedelta(days=1), OutcomeStatus.PROPOSED, True),
        (TODAY - timedelta(days=1), OutcomeStatus.STALLED, True),
        (TODAY - timedelta(days=400), OutcomeStatus.ACHIEVED, False),  # closed: never
        (TODAY - timedelta(days=400), OutcomeStatus.DROPPED, False),
        (TODAY + timedelta(days=1), OutcomeStatus.ACCEPTED, False),
        (None, OutcomeStatus.ACCEPTED, False),  # no due date: never
    ],
)
def test_overdue_clause_agrees_with_the_model(db, make, due_on, status, overdue):
    outcome = make.outcome(due_on=due_on, status=status)
    assert outcome.is_overdue(TODAY) is overdue
    assert (outcome.id in ids(db, queries.overdue_clause(TODAY))) is overdue


def test_due_soon_covers_thirty_days_and_the_overdue_but_not_closed(db, make):
    inside = make.outcome(due_on=TODAY + timedelta(days=30))
    overdue = make.outcome(due_on=TODAY - timedelta(days=3))
    later = make.outcome(due_on=TODAY + timedelta(days=31))
    closed = make.outcome(due_on=TODAY + timedelta(days=3), status=OutcomeStatus.ACHIEVED)
    undated = make.outcome(due_on=None)
    found = ids(db, queries.due_soon_clause(TODAY))
    assert inside.id in found and overdue.id in found
    assert not found & {later.id, closed.id, undated.id}


# --- the follow-up states ----------------------------------------------------------------


def test_awaiting_verification_until_verified_or_evidence_requested(db, make):
    unanswered = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    update(db, unanswered, UpdateKind.PROGRESS)
    verified = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    update(db, verified, UpdateKind.VERIFICATION, answers=update(db, verified, UpdateKind.PROGRESS))
    questioned = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    report = update(db, questioned, UpdateKind.PROGRESS)
    update(db, questioned, UpdateKind.EVIDENCE_REQUEST, answers=report)
    reported_again = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    report = update(db, reported_again, UpdateKind.PROGRESS)
    update(db, reported_again, UpdateKind.EVIDENCE_REQUEST, answers=report)
    update(db, reported_again, UpdateKind.PROGRESS)
    commented = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    update(db, commented, UpdateKind.COMMENT)
    assert ids(db, queries.awaiting_verification_clause()) == {unanswered.id, reported_again.id}


def test_a_comment_does_not_answer_a_report(db, make):
    outcome = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    report = update(db, outcome, UpdateKind.PROGRESS)
    update(db, outcome, UpdateKind.COMMENT, answers=report)
    assert ids(db, queries.awaiting_verification_clause()) == {outcome.id}


def test_a_self_reported_outcome_never_awaits_verification(db, make):
    organiser = make.organization()
    outcome = make.outcome(dialogue=make.dialogue(organizer=organiser), responsible_org=organiser)
    update(db, outcome, UpdateKind.PROGRESS)
    assert ids(db, queries.awaiting_verification_clause()) == set()
    assert ids(db, queries.self_reported_clause()) == {outcome.id}


def test_evidence_requested_until_a_newer_report(db, make):
    requested = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    update(
        db,
        requested,
        UpdateKind.EVIDENCE_REQUEST,
        answers=update(db, requested, UpdateKind.PROGRESS),
    )
    answered = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    report = update(db, answered, UpdateKind.PROGRESS)
    update(db, answered, UpdateKind.EVIDENCE_REQUEST, answers=report)
    update(db, answered, UpdateKind.PROGRESS)
    older_report = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    first = update(db, older_report, UpdateKind.PROGRESS)
    update(
        db,
        older_report,
        UpdateKind.VERIFICATION,
        answers=update(db, older_report, UpdateKind.PROGRESS),
    )
    update(db, older_report, UpdateKind.EVIDENCE_REQUEST, answers=first)  # an old report's
    plain = make.outcome(status=OutcomeStatus.IN_PROGRESS)
    update(db, plain, UpdateKind.PROGRESS)
    assert ids(db, queries.evidence_requested_clause()) == {requested.id}


def test_new_assignments_and_declined_ones(db, make):
    new = make.outcome(status=OutcomeStatus.PROPOSED)
    declined = make.outcome(status=OutcomeStatus.PROPOSED, declined_at=utcnow())
    accepted = make.outcome(status=OutcomeStatus.ACCEPTED)
    assert ids(db, queries.new_assignment_clause()) == {new.id}
    assert ids(db, queries.declined_clause()) == {declined.id}
    assert accepted.id not in ids(db, queries.new_assignment_clause() | queries.declined_clause())


# --- visibility ------------------------------------------------------------------------------


def test_visible_outcomes_follow_the_dialogue_visibility(db, make):
    partner_org = make.organization()
    partner = make.user(role=Role.PARTNER, organization=partner_org)
    public = make.outcome(responsible_org=partner_org)
    internal = make.outcome(
        responsible_org=partner_org, dialogue=make.dialogue(visibility=Visibility.INTERNAL)
    )
    archived = make.outcome(
        responsible_org=partner_org, dialogue=make.dialogue(archived_at=utcnow())
    )
    seen = set(db.session.scalars(queries.visible_outcomes(partner).with_only_columns(Outcome.id)))
    assert public.id in seen
    assert internal.id not in seen and archived.id not in seen


# --- the queue page --------------------------------------------------------------------------


@pytest.fixture
def partner(make):
    return make.user(role=Role.PARTNER, organization=make.organization(name_en="Partner org"))


def rows_in_page_order(html, outcomes):
    """The outcomes, in the order the page lists them."""
    positions = {o.id: html.index(f'data-testid="outcome-{o.id}"') for o in outcomes}
    return sorted(positions, key=positions.get)


def test_anonymous_users_are_sent_to_sign_in(client):
    for path in ("/outcomes/", "/outcomes/attention"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]


def test_a_donor_without_outcomes_sees_an_empty_queue(client, login, make):
    make.outcome()  # someone else's
    login(make.user(role=Role.DONOR))
    response = client.get("/outcomes/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "No outcomes to show." in response.text
    assert 'data-testid="outcome-' not in response.text


def test_the_queue_lists_only_the_organisations_outcomes(client, login, make, partner):
    mine = make.outcome(responsible_org=partner.organization, text="Train volunteers")
    theirs = make.outcome(text="Repair the school")
    login(partner)
    response = client.get("/outcomes/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Train volunteers" in response.text
    assert "Repair the school" not in response.text
    assert f'data-testid="outcome-{theirs.id}"' not in response.text
    assert mine.dialogue.title_en in response.text
    assert mine.dialogue.city.name_en in response.text
    assert mine.theme.name_en in response.text


def test_the_queue_hides_outcomes_of_dialogues_the_user_may_not_see(client, login, make, partner):
    org = partner.organization
    hidden = make.outcome(
        responsible_org=org, dialogue=make.dialogue(visibility=Visibility.INTERNAL)
    )
    archived_dialogue = make.dialogue()
    gone = make.outcome(responsible_org=org, dialogue=archived_dialogue)
    shown = make.outcome(responsible_org=org)
    login(partner)
    before = client.get("/outcomes/").text
    assert f'data-testid="outcome-{gone.id}"' in before
    archived_dialogue.archived_at = utcnow()
    after = client.get("/outcomes/").text
    assert f'data-testid="outcome-{shown.id}"' in after
    assert f'data-testid="outcome-{hidden.id}"' not in after
    assert f'data-testid="outcome-{gone.id}"' not in after


def test_the_queue_groups_by_status_overdue_first_then_by_due_date(client, login, make, partner):
    org = partner.organization
    today = date.today()

    def outcome(status, days):
        return make.outcome(responsible_org=org, status=status, due_on=today + timedelta(days=days))

    achieved_late = outcome(OutcomeStatus.ACHIEVED, -90)
    stalled = outcome(OutcomeStatus.STALLED, 40)
    progress_later = outcome(OutcomeStatus.IN_PROGRESS, 50)
    progress_overdue = outcome(OutcomeStatus.IN_PROGRESS, -2)
    progress_soon = outcome(OutcomeStatus.IN_PROGRESS, 5)
    accepted = outcome(OutcomeStatus.ACCEPTED, 100)
    proposed_undated = make.outcome(responsible_org=org, due_on=None)
    proposed = outcome(OutcomeStatus.PROPOSED, 200)
    dropped = outcome(OutcomeStatus.DROPPED, -1)
    login(partner)
    html = client.get("/outcomes/", headers={"Accept-Language": "en"}).text
    expected = [
        proposed,
        proposed_undated,
        accepted,
        progress_overdue,
        progress_soon,
        progress_later,
        stalled,
        achieved_late,
        dropped,
    ]
    assert rows_in_page_order(html, expected) == [o.id for o in expected]
    groups = [html.index(f'data-testid="group-{s.value}"') for s in queries.STATUS_ORDER]
    assert groups == sorted(groups)
    # overdue is flagged on open outcomes only
    row = html[html.index(f'data-testid="outcome-{progress_overdue.id}"') :]
    assert 'data-testid="overdue"' in row[: row.index("</tr>")]
    row = html[html.index(f'data-testid="outcome-{achieved_late.id}"') :]
    assert 'data-testid="overdue"' not in row[: row.index("</tr>")]


def test_the_queue_filters_by_outcome_status_theme_and_city(client, login, make, partner):
    org = partner.organization
    theme = make.theme()
    city = make.city()
    in_progress = make.outcome(responsible_org=org, status=OutcomeStatus.IN_PROGRESS)
    themed = make.outcome(responsible_org=org, theme=theme)
    # the dialogue carries the theme through another outcome: the filter is the outcome's own
    make.outcome(dialogue=themed.dialogue, theme=make.theme(), responsible_org=org)
    sibling = themed.dialogue.outcomes[-1]
    in_city = make.outcome(responsible_org=org, dialogue=make.dialogue(city=city))
    login(partner)

    def listed(query):
        html = client.get(f"/outcomes/?{query}").text
        return {
            o.id for o in (in_progress, themed, sibling, in_city) if f'"outcome-{o.id}"' in html
        }

    assert listed("status=in_progress") == {in_progress.id}
    assert listed(f"theme={theme.id}") == {themed.id}
    assert listed(f"city={city.id}") == {in_city.id}
    assert listed(f"governorate={city.governorate_id}") == {in_city.id}
    assert listed("status=nonsense") == {in_progress.id, themed.id, sibling.id, in_city.id}


def test_the_queue_filters_by_dialogue_date_and_organisation(client, login, make, partner):
    org = partner.organization
    organiser = make.organization()
    old = make.outcome(
        responsible_org=org, dialogue=make.dialogue(held_on=date(2025, 1, 10), organizer=organiser)
    )
    recent = make.outcome(responsible_org=org, dialogue=make.dialogue(held_on=date(2026, 3, 1)))
    login(partner)
    html = client.get("/outcomes/?from=2026-01-01").text
    assert f'"outcome-{recent.id}"' in html and f'"outcome-{old.id}"' not in html
    html = client.get(f"/outcomes/?organization={organiser.id}").text
    assert f'"outcome-{old.id}"' in html and f'"outcome-{recent.id}"' not in html


def test_an_admin_sees_every_visible_outcome(client, login, make):
    first, second = (
        make.outcome(),
        make.outcome(dialogue=make.dialogue(visibility=Visibility.INTERNAL)),
    )
    login(make.user(admin=True))
    html = client.get("/outcomes/").text
    assert f'"outcome-{first.id}"' in html and f'"outcome-{second.id}"' in html


def test_the_navigation_links_to_the_queue_for_users_with_an_organisation(
    client, login, make, partner
):
    login(partner)
    html = client.get("/dialogues/", headers={"Accept-Language": "en"}).text
    assert 'href="/outcomes/"' in html and 'href="/outcomes/attention"' in html


def build_queue(make, org, count):
    dialogue = make.dialogue()
    for n in range(count):
        make.outcome(
            dialogue=dialogue if n % 2 else make.dialogue(),
            responsible_org=org,
            status=list(OutcomeStatus)[n % len(OutcomeStatus)],
            due_on=date.today() + timedelta(days=n - count // 2),
        )


def test_the_queue_runs_a_fixed_number_of_queries(client, login, make, partner, count_queries):
    build_queue(make, partner.organization, 10)
    login(partner)
    client.get("/outcomes/")  # warm up
    with count_queries() as small:
        assert client.get("/outcomes/").status_code == 200
    build_queue(make, partner.organization, 290)
    with count_queries() as large:
        assert client.get("/outcomes/?page=2").status_code == 200
    assert len(large) == len(small)


def test_an_unknown_status_is_ignored_with_a_message(client, login, make, partner):
    make.outcome(responsible_org=partner.organization)
    login(partner)
    html = client.get("/outcomes/?status=nonsense", headers={"Accept-Language": "en"}).text
    assert 'data-testid="error-status"' in html
    assert "1 outcome" in html


def test_the_arabic_queue_names_groups_and_counts_in_arabic(client, login, make, partner):
    make.outcome(responsible_org=partner.organization, status=OutcomeStatus.STALLED)
    login(partner)
    html = client.get("/outcomes/", headers={"Accept-Language": "ar"}).text
    assert 'dir="rtl"' in html
    assert "متعثر" in html and "Stalled" not in html
    assert "No outcomes" not in html
