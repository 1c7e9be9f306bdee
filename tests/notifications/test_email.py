"""Notifications by e-mail, proven against a local SMTP server that the test starts."""

import logging
from datetime import timedelta

import pytest

from app.db import utcnow
from app.dialogues.models import Visibility
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.notifications.services import notify
from tests.smtp import free_port, smtp_server


@pytest.fixture
def inbox(app, monkeypatch):
    """A running SMTP server, and the app configured to use it."""
    with smtp_server(app, monkeypatch) as handler:
        yield handler


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def outcome_path(app, outcome) -> str:
    if "outcomes.detail" in app.view_functions:
        return f"/outcomes/{outcome.id}"
    return f"/dialogues/{outcome.dialogue_id}"


def test_the_message_arrives_after_the_commit_in_the_recipients_language(app, scene, inbox):
    arabic, english = scene.partner_staff
    arabic.preferred_language = "ar"
    english.preferred_language = "en"
    notify(NotificationKind.ASSIGNMENT, scene.outcome, actor=scene.organiser_staff[0])
    assert inbox.messages == []  # nothing before the commit
    db.session.commit()

    assert len(inbox.messages) == 2
    [message] = inbox.to(english.email)
    assert message["To"] == english.email
    assert message["From"] == "hiwar@example.org"
    assert message["Subject"].startswith("Hiwar: Homs Dialogue Centre assigned “Open a women")
    assert message["Subject"].endswith("” to your organisation")
    text = body(message)
    assert "Homs Dialogue Centre" in text
    assert "Open a women's safety hotline" in text
    assert f"http://localhost{outcome_path(app, scene.outcome)}" in text
    assert scene.organiser_staff[0].email not in text

    [message] = inbox.to(arabic.email)
    assert message["Subject"].startswith("حوار")
    assert "مركز حمص للحوار" in body(message)
    assert f"http://localhost{outcome_path(app, scene.outcome)}" in body(message)

    rows = db.session.scalars(db.select(Notification)).all()
    assert rows and all(row.emailed_at is not None for row in rows)


def test_users_without_a_preference_get_the_default_language(app, scene, inbox):
    for user in scene.organiser_staff:
        user.preferred_language = None
    notify(NotificationKind.PROGRESS, scene.outcome, actor=scene.partner_staff[0])
    db.session.commit()
    assert len(inbox.messages) == 2
    default = app.config["BABEL_DEFAULT_LOCALE"]
    for _rcpt, message in inbox.messages:
        assert message["Content-Language"] == default


def test_a_rolled_back_action_sends_nothing(scene, inbox):
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    db.session.rollback()
    db.session.commit()
    assert inbox.messages == []


def test_a_failed_commit_sends_nothing(scene, inbox):
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    db.session.add(Notification(user_id=10**9, kind=NotificationKind.COMMENT))  # no such user
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        db.session.commit()
    db.session.rollback()
    db.session.commit()
    assert inbox.messages == []


def test_nothing_is_sent_when_smtp_is_not_configured(app, scene, inbox, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    notify(NotificationKind.COMMENT, scene.outcome)
    db.session.commit()
    assert inbox.messages == []
    rows = db.session.scalars(db.select(Notification)).all()
    assert rows and all(row.emailed_at is None for row in rows)


def test_a_failing_smtp_server_never_breaks_the_action(app, scene, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())  # nobody listens there
    # Alembic's logging set-up (the migration tests) disables loggers that exist before it runs.
    monkeypatch.setattr(logging.getLogger("app.notifications.email"), "disabled", False)
    with caplog.at_level(logging.WARNING, logger="app.notifications.email"):
        notify(NotificationKind.COMMENT, scene.outcome)
        db.session.commit()
    rows = db.session.scalars(db.select(Notification)).all()
    assert len(rows) == 4
    assert all(row.emailed_at is None for row in rows)
    assert "Could not e-mail 4 notification(s)" in caplog.text


def test_links_from_a_request_ignore_its_address(app, scene, inbox, monkeypatch):
    """Issue 13: e-mailed links come from HIWAR_BASE_URL, never from the request's Host."""
    monkeypatch.setitem(app.config, "SERVER_NAME", None)  # the test settings pin "localhost"
    monkeypatch.setitem(app.config, "BASE_URL", "https://hiwar.example.org")
    with app.test_request_context("/", base_url="https://evil.example"):
        notify(NotificationKind.ASSIGNMENT, scene.outcome)
        db.session.commit()
    assert len(inbox.messages) == 2
    expected = f"https://hiwar.example.org{outcome_path(app, scene.outcome)}"
    assert all(expected in body(message) for _rcpt, message in inbox.messages)
    assert not any("evil.example" in body(message) for _rcpt, message in inbox.messages)


def test_links_from_the_command_line_use_the_base_url(app, scene, inbox, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://dialogue.example.org/hiwar")
    notify(NotificationKind.ASSIGNMENT, scene.outcome)
    db.session.commit()
    expected = f"https://dialogue.example.org/hiwar{outcome_path(app, scene.outcome)}"
    assert all(expected in body(message) for _rcpt, message in inbox.messages)


def test_a_request_commits_then_sends(app, client, login, scene, inbox):
    """The whole path through a request: the list page's neighbour, marking read, sends nothing,
    and a notification created inside a request goes out once that request commits."""
    reader = scene.partner_staff[0]
    with app.test_request_context("/"):
        notify(NotificationKind.VERIFICATION, scene.outcome, actor=scene.organiser_staff[0])
        db.session.commit()
    assert len(inbox.to(reader.email)) == 1
    login(reader)
    client.post("/notifications/read")
    assert len(inbox.messages) == 2  # marking read is not news


def test_no_message_goes_to_someone_who_may_not_see_the_dialogue(scene, inbox):
    scene.dialogue.visibility = Visibility.INTERNAL  # the responsible organisation is outside it
    notify(NotificationKind.COMMENT, scene.outcome, actor=scene.partner_staff[0])
    db.session.commit()
    recipients = {address for rcpt, _message in inbox.messages for address in rcpt}
    assert recipients == {user.email for user in scene.organiser_staff}


def test_the_command_line_sends_what_was_left_unsent(app, runner, scene, inbox, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    notify(NotificationKind.ASSIGNMENT, scene.outcome)  # two partner staff, e-mail off
    db.session.commit()
    old = notify(NotificationKind.PROGRESS, scene.outcome)  # two organiser staff, long ago
    for row in old:
        row.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "BASE_URL", "https://hiwar.example.org")

    result = runner.invoke(args=["notifications", "email-unsent"])
    assert result.exit_code == 0, result.output
    assert "Notifications to e-mail: 2." in result.output
    assert {rcpt[0] for rcpt, _message in inbox.messages} == {
        user.email for user in scene.partner_staff
    }
    path = outcome_path(app, scene.outcome)
    assert all(
        f"https://hiwar.example.org{path}" in body(message) for _rcpt, message in inbox.messages
    )

    again = runner.invoke(args=["notifications", "email-unsent"])
    assert "Notifications to e-mail: 0." in again.output
    assert len(inbox.messages) == 2


def test_the_command_line_refuses_without_smtp(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    result = runner.invoke(args=["notifications", "email-unsent"])
    assert result.exit_code != 0
    assert "HIWAR_SMTP_HOST" in result.output


def test_a_notification_rolled_back_to_a_savepoint_is_not_sent(scene, inbox):
    with db.session.begin_nested() as savepoint:
        notify(NotificationKind.ASSIGNMENT, scene.outcome)
        db.session.flush()
        savepoint.rollback()
    notify(NotificationKind.PROGRESS, scene.outcome)
    db.session.commit()
    recipients = {address for rcpt, _message in inbox.messages for address in rcpt}
    assert recipients == {user.email for user in scene.organiser_staff}
