"""The notifications pages: the list, opening one, marking all read, and the count in the
navigation bar; for every role, through the visibility rule, in a fixed number of queries."""

from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import Visibility
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.notifications.services import notify

EN = {"Accept-Language": "en"}
ROLES = ["organizer", "partner", "donor", "admin"]


def notification_for(make, user, outcome, kind=NotificationKind.COMMENT, **values):
    row = Notification(user_id=user.id, kind=kind, outcome_id=outcome.id, **values)
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def someone(make):
    """A signed-in user of each role, with one notification of their own."""

    def build(role):
        user = make.user(admin=True) if role == "admin" else make.user(role=Role(role))
        organizer = user.organization or make.organization()
        outcome = make.outcome(dialogue=make.dialogue(organizer=organizer))
        return user, notification_for(make, user, outcome)

    return build


# --- who may enter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/notifications/"), ("get", "/notifications/{id}"), ("post", "/notifications/read")],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, make, scene, method, path):
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    row = db.session.scalars(db.select(Notification)).first()
    response = getattr(client, method)(path.format(id=row.id))
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    db.session.refresh(row)
    assert row.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_own_list(client, login, someone, role):
    user, _ = someone(role)
    login(user)
    response = client.get("/notifications/", headers=EN)
    assert response.status_code == 200
    assert "commented on “" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_its_own_notification(client, login, someone, role):
    user, row = someone(role)
    login(user)
    response = client.get(f"/notifications/{row.id}")
    assert response.status_code == 302
    assert row.read_at is not None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner_role", ROLES)
def test_another_users_notification_is_not_found(client, login, someone, role, owner_role):
    user, _ = someone(role)
    _, theirs = someone(owner_role)
    login(user)
    assert client.get(f"/notifications/{theirs.id}").status_code == 404
    assert theirs.read_at is None


def test_an_unknown_notification_is_not_found(client, login, make):
    login(make.user())
    assert client.get("/notifications/999999").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_marking_all_read_touches_only_the_users_own(client, login, someone, role):
    user, mine = someone(role)
    _, theirs = someone("partner")
    login(user)
    response = client.post("/notifications/read")
    assert response.status_code == 302
    assert mine.read_at is not None
    assert theirs.read_at is None


class TestCsrf:
    @pytest.fixture(autouse=True)
    def csrf_on(self, app):
        app.config["WTF_CSRF_ENABLED"] = True
        yield
        app.config["WTF_CSRF_ENABLED"] = False

    def test_marking_all_read_needs_the_csrf_token(self, client, login, someone):
        user, mine = someone("partner")
        login(user)
        assert client.post("/notifications/read").status_code == 400
        assert mine.read_at is None

    def test_the_list_page_posts_its_csrf_token(self, client, login, someone):
        user, mine = someone("partner")
        login(user)
        html = client.get("/notifications/").get_data(as_text=True)
        assert 'name="csrf_token"' in html
        token = html.split('name="csrf_token" value="')[1].split('"')[0]
        assert client.post("/notifications/read", data={"csrf_token": token}).status_code == 302
        assert mine.read_at is not None


# --- what the list says ------------------------------------------------------------------


def test_the_list_shows_what_happened_who_did_it_and_the_outcome_newest_first(client, login, scene):
    reader = scene.partner_staff[0]
    actor = scene.organiser_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome, actor=actor)
    db.session.flush()
    older = db.session.scalars(db.select(Notification).filter_by(user_id=reader.id)).one()
    older.created_at = utcnow() - timedelta(days=1)
    older.read_at = utcnow()
    notify(NotificationKind.VERIFICATION, scene.outcome, actor=actor)
    login(reader)
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    # What happened, who did it and to which outcome, in one sentence.
    assert html.index("Homs Dialogue Centre reviewed your report on “Open a") < html.index(
        "Homs Dialogue Centre assigned “Open a"
    )
    assert "Homs Dialogue Centre" in html
    assert actor.email not in html
    assert "Open a women&#39;s safety hotline" in html
    assert html.count("data-unread") == 1


def test_the_list_speaks_arabic_to_an_arabic_reader(client, login, scene):
    reader = scene.partner_staff[0]
    reader.preferred_language = "ar"
    notify(NotificationKind.ASSIGNMENT, scene.outcome, actor=scene.organiser_staff[0])
    login(reader)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "مركز حمص للحوار" in html
    assert "assigned" not in html
    assert "مركز حمص للحوار" in html


def test_opening_a_notification_marks_it_read_and_leads_to_the_outcome(client, login, scene):
    reader = scene.partner_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    row = db.session.scalars(db.select(Notification).filter_by(user_id=reader.id)).one()
    login(reader)
    response = client.get(f"/notifications/{row.id}")
    if "outcomes.detail" in client.application.view_functions:
        assert response.headers["Location"].endswith(f"/outcomes/{scene.outcome.id}")
    else:
        assert response.headers["Location"].endswith(f"/dialogues/{scene.dialogue.id}")
    assert row.read_at is not None


def test_a_notification_about_a_dialogue_made_internal_disappears(client, login, scene):
    reader = scene.partner_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    row = db.session.scalars(db.select(Notification).filter_by(user_id=reader.id)).one()
    login(reader)
    assert "women&#39;s safety hotline" in client.get("/notifications/").get_data(as_text=True)
    scene.dialogue.visibility = Visibility.INTERNAL
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "women&#39;s safety hotline" not in html
    assert 'data-testid="unread-count"' not in html
    assert client.get(f"/notifications/{row.id}").status_code == 404


def test_the_list_is_paginated_by_fifty(client, login, scene):
    reader = scene.partner_staff[0]
    for _ in range(51):
        notification_for(None, reader, scene.outcome)
    login(reader)
    first = client.get("/notifications/", headers=EN).get_data(as_text=True)
    second = client.get("/notifications/?page=2", headers=EN).get_data(as_text=True)
    assert first.count('data-testid="notification"') == 50
    assert second.count('data-testid="notification"') == 1


def test_an_empty_list_says_so(client, login, make):
    login(make.user())
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "No notifications yet." in html
    assert "Mark all as read" not in html


# --- the count in the navigation bar -----------------------------------------------------


def test_the_navigation_bar_counts_each_users_unread_notifications(client, login, scene):
    first, second = scene.partner_staff
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    notify(NotificationKind.VERIFICATION, scene.outcome)
    db.session.flush()
    row = db.session.scalars(db.select(Notification).filter_by(user_id=second.id)).first()
    row.read_at = utcnow()
    login(first)
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert 'data-testid="unread-count">2</span>' in html
    assert "2 unread notifications" in html
    login(second)
    assert 'data-testid="unread-count">1</span>' in client.get("/", headers=EN).get_data(
        as_text=True
    )
    login(scene.organiser_staff[0])
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert 'href="/notifications/"' in html
    assert 'data-testid="unread-count"' not in html


def test_anonymous_visitors_have_no_notifications_link(client):
    assert 'href="/notifications/"' not in client.get("/").get_data(as_text=True)


def test_marking_all_read_clears_the_count(client, login, scene):
    reader = scene.partner_staff[0]
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    login(reader)
    html = client.post("/notifications/read", follow_redirects=True, headers=EN).get_data(
        as_text=True
    )
    assert "All notifications are marked as read." in html
    assert 'data-testid="unread-count"' not in html


# --- queries ---------------------------------------------------------------------------


def fill(make, reader, count):
    actors = [make.user(organization=make.organization()) for _ in range(3)]
    for number in range(count):
        outcome = make.outcome(responsible_org=reader.organization)
        notification_for(make, reader, outcome, actor_id=actors[number % 3].id)


@pytest.mark.parametrize("path", ["/notifications/", "/"])
def test_pages_run_the_same_number_of_queries_for_5_and_200_notifications(
    client, login, make, count_queries, path
):
    reader = make.user(role=Role.PARTNER)
    login(reader)
    fill(make, reader, 5)
    client.get(path)  # warm up
    with count_queries() as small:
        client.get(path)
    fill(make, reader, 195)
    client.get(path)
    with count_queries() as large:
        client.get(path)
    assert len(large) == len(small)
    assert len(small) <= 5


def test_a_failing_count_never_takes_the_page_down(client, login, make, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.notifications import services

    def broken(user):
        raise OperationalError("SELECT count(*)", {}, Exception("connection refused"))

    monkeypatch.setattr(services, "visible_unread_count", broken)
    login(make.user())
    response = client.get("/no-such-page", headers=EN)
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_the_list_says_accepted_or_declined_verified_or_evidence_requested(client, login, scene):
    from app.outcomes import services as steps

    organiser, partner = scene.organiser_staff[0], scene.partner_staff[0]
    steps.accept(scene.outcome, user=partner, version=None)
    db.session.flush()
    report = steps.report_progress(
        scene.outcome,
        user=partner,
        status=steps.OutcomeStatus.IN_PROGRESS,
        progress=40,
        note=None,
        evidence_url=None,
        reported_on=date.today(),
        photo=None,
        caption=None,
    )
    db.session.flush()
    steps.request_evidence(report, user=organiser, note="A photo, please", version=None)
    db.session.flush()
    login(organiser)
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "Safe Streets Network accepted “Open a women&#39;s safety hotline”" in html
    assert "Safe Streets Network reported 40% progress on “Open a women" in html
    login(partner)
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "Homs Dialogue Centre asked for more evidence on “Open a women" in html
    assert "verified" not in html


def test_a_decline_and_a_verification_are_named(client, login, scene, make):
    from app.outcomes import services as steps

    organiser, partner = scene.organiser_staff[0], scene.partner_staff[0]
    steps.decline(scene.outcome, user=partner, reason="No capacity", version=None)
    db.session.flush()
    login(organiser)
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "Safe Streets Network declined “Open a women" in html
    second = make.outcome(dialogue=scene.dialogue, responsible_org=scene.responsible, text="Train")
    steps.accept(second, user=partner, version=None)
    db.session.flush()
    report = steps.report_progress(
        second,
        user=partner,
        status=steps.OutcomeStatus.IN_PROGRESS,
        progress=10,
        note=None,
        evidence_url=None,
        reported_on=date.today(),
        photo=None,
        caption=None,
    )
    db.session.flush()
    steps.verify(report, user=organiser, note=None, version=None)
    login(partner)
    html = client.get("/notifications/", headers=EN).get_data(as_text=True)
    assert "Homs Dialogue Centre verified your report on “Train”" in html
