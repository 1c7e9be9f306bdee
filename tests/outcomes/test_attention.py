"""Needs attention (/outcomes/attention): what organisers and partners must act on."""

import re
from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import Visibility
from app.outcomes.models import OutcomeStatus, OutcomeUpdate, UpdateKind

ORGANIZER_SECTIONS = ("awaiting-verification", "overdue", "declined", "stalled")
PARTNER_SECTIONS = ("new-assignments", "evidence-requested", "due-soon")


def update(db, outcome, kind, answers=None):
    row = OutcomeUpdate(outcome=outcome, kind=kind, answers=answers)
    db.session.add(row)
    db.session.flush()
    return row


def section_of(html, key):
    start = html.index(f'data-testid="section-{key}"')
    return html[start : html.index("</section>", start)]


def count_in(html, key):
    return int(re.search(rf'data-testid="count-{key}">(\d+)<', html).group(1))


def listed(html, key):
    return {int(n) for n in re.findall(r'data-testid="outcome-(\d+)"', section_of(html, key))}


@pytest.fixture
def world(db, make):
    """An organiser's dialogue whose outcomes a partner follows up, in every state."""
    organiser_org, partner_org = make.organization(), make.organization()
    dialogue = make.dialogue(organizer=organiser_org)
    today = date.today()

    def outcome(**kwargs):
        kwargs.setdefault("responsible_org", partner_org)
        return make.outcome(dialogue=dialogue, **kwargs)

    o = {
        "new": outcome(due_on=today + timedelta(days=90)),
        "declined": outcome(declined_at=utcnow(), due_on=today + timedelta(days=90)),
        "reported": outcome(status=OutcomeStatus.IN_PROGRESS, due_on=today + timedelta(days=90)),
        "questioned": outcome(status=OutcomeStatus.IN_PROGRESS, due_on=today + timedelta(days=90)),
        "overdue": outcome(status=OutcomeStatus.ACCEPTED, due_on=today - timedelta(days=1)),
        "due_today": outcome(status=OutcomeStatus.ACCEPTED, due_on=today),
        "stalled": outcome(status=OutcomeStatus.STALLED, due_on=today + timedelta(days=90)),
        "achieved": outcome(status=OutcomeStatus.ACHIEVED, due_on=today - timedelta(days=9)),
    }
    update(db, o["reported"], UpdateKind.PROGRESS)
    report = update(db, o["questioned"], UpdateKind.PROGRESS)
    update(db, o["questioned"], UpdateKind.EVIDENCE_REQUEST, answers=report)
    users = {
        "organizer": make.user(role=Role.ORGANIZER, organization=organiser_org),
        "partner": make.user(role=Role.PARTNER, organization=partner_org),
        "donor": make.user(role=Role.DONOR),
        "admin": make.user(admin=True),
        "other_partner": make.user(role=Role.PARTNER),
    }
    return o, users


def test_the_organiser_sees_what_to_verify_and_what_went_wrong(client, login, world):
    o, users = world
    login(users["organizer"])
    html = client.get("/outcomes/attention", headers={"Accept-Language": "en"}).text
    assert listed(html, "awaiting-verification") == {o["reported"].id}
    assert listed(html, "overdue") == {o["overdue"].id}
    assert listed(html, "declined") == {o["declined"].id}
    assert listed(html, "stalled") == {o["stalled"].id}
    assert count_in(html, "awaiting-verification") == 1
    assert 'data-testid="partner-sections"' not in html


def test_the_partner_sees_assignments_evidence_requests_and_deadlines(client, login, world):
    o, users = world
    login(users["partner"])
    html = client.get("/outcomes/attention", headers={"Accept-Language": "en"}).text
    assert listed(html, "new-assignments") == {o["new"].id}
    assert listed(html, "evidence-requested") == {o["questioned"].id}
    assert listed(html, "due-soon") == {o["overdue"].id, o["due_today"].id}
    assert count_in(html, "due-soon") == 2
    assert 'data-testid="organizer-sections"' not in html


def test_empty_sections_say_so(client, login, make):
    login(make.user(role=Role.ORGANIZER))
    html = client.get("/outcomes/attention", headers={"Accept-Language": "en"}).text
    for key in ORGANIZER_SECTIONS:
        assert count_in(html, key) == 0
        assert f'data-testid="empty-{key}"' in html
    assert "No outcome is overdue." in html


def test_an_organisation_that_is_both_sees_both_kinds_of_section(client, login, make, world):
    o, users = world
    organiser = users["organizer"]
    theirs = make.outcome(responsible_org=organiser.organization)  # another organiser's dialogue
    login(organiser)
    html = client.get("/outcomes/attention").text
    for key in ORGANIZER_SECTIONS + PARTNER_SECTIONS:
        assert f'data-testid="section-{key}"' in html
    assert listed(html, "new-assignments") == {theirs.id}


def test_outcomes_of_dialogues_the_user_may_not_see_never_need_attention(client, login, make):
    partner = make.user(role=Role.PARTNER)
    hidden = make.outcome(
        responsible_org=partner.organization,
        dialogue=make.dialogue(visibility=Visibility.INTERNAL),
    )
    archived = make.outcome(
        responsible_org=partner.organization, dialogue=make.dialogue(archived_at=utcnow())
    )
    login(partner)
    html = client.get("/outcomes/attention").text
    assert f'"outcome-{hidden.id}"' not in html and f'"outcome-{archived.id}"' not in html
    assert count_in(html, "new-assignments") == 0


@pytest.mark.parametrize("role", ["donor", "admin", "other_partner"])
def test_users_with_nothing_to_follow_get_an_empty_page(client, login, world, role):
    o, users = world
    login(users[role])
    response = client.get("/outcomes/attention", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert 'data-testid="outcome-' not in response.text


@pytest.mark.parametrize("role", ["organizer", "partner", "donor", "admin", "other_partner"])
@pytest.mark.parametrize("path", ["/outcomes/", "/outcomes/attention"])
def test_every_signed_in_role_may_open_both_lists(client, login, world, role, path):
    o, users = world
    login(users[role])
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/outcomes/", "/outcomes/attention"])
def test_anonymous_users_must_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_the_arabic_page_speaks_arabic(client, login, world):
    o, users = world
    login(users["organizer"])
    html = client.get("/outcomes/attention", headers={"Accept-Language": "ar"}).text
    assert 'dir="rtl"' in html
    assert "Needs attention" not in html


def build(db, make, organiser_org, partner_org, count):
    for n in range(count):
        outcome = make.outcome(
            dialogue=make.dialogue(organizer=organiser_org),
            responsible_org=partner_org,
            status=list(OutcomeStatus)[n % len(OutcomeStatus)],
            due_on=date.today() + timedelta(days=n % 40 - 10),
            declined_at=utcnow() if n % 7 == 0 else None,
        )
        report = update(db, outcome, UpdateKind.PROGRESS)
        if n % 3 == 0:
            update(db, outcome, UpdateKind.EVIDENCE_REQUEST, answers=report)


@pytest.mark.parametrize("role", ["organizer", "partner"])
def test_needs_attention_runs_a_fixed_number_of_queries(
    client, login, make, db, count_queries, role
):
    organiser_org, partner_org = make.organization(), make.organization()
    user = make.user(
        role=Role.ORGANIZER if role == "organizer" else Role.PARTNER,
        organization=organiser_org if role == "organizer" else partner_org,
    )
    build(db, make, organiser_org, partner_org, 10)
    login(user)
    client.get("/outcomes/attention")  # warm up
    with count_queries() as small:
        client.get("/outcomes/attention")
    build(db, make, organiser_org, partner_org, 200)
    with count_queries() as large:
        assert client.get("/outcomes/attention").status_code == 200
    assert len(large) == len(small)


def test_sections_list_the_most_urgent_first(client, login, make):
    partner = make.user(role=Role.PARTNER)
    today = date.today()
    later = make.outcome(responsible_org=partner.organization, due_on=today + timedelta(days=20))
    late = make.outcome(
        responsible_org=partner.organization,
        status=OutcomeStatus.STALLED,
        due_on=today - timedelta(days=5),
    )
    sooner = make.outcome(
        responsible_org=partner.organization,
        status=OutcomeStatus.IN_PROGRESS,
        due_on=today + timedelta(days=2),
    )
    login(partner)
    section = section_of(client.get("/outcomes/attention").text, "due-soon")
    order = [section.index(f'"outcome-{o.id}"') for o in (late, sooner, later)]
    assert order == sorted(order)


def test_a_long_section_shows_its_first_rows_and_its_full_count(client, login, make):
    from app.outcomes.queue import SECTION_ROWS

    partner = make.user(role=Role.PARTNER)
    dialogue = make.dialogue()
    for _ in range(SECTION_ROWS + 2):
        make.outcome(dialogue=dialogue, responsible_org=partner.organization)
    login(partner)
    html = client.get("/outcomes/attention", headers={"Accept-Language": "en"}).text
    assert count_in(html, "new-assignments") == SECTION_ROWS + 2
    assert len(listed(html, "new-assignments")) == SECTION_ROWS
    assert f"Showing the first {SECTION_ROWS} of {SECTION_ROWS + 2}." in html
