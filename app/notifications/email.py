"""Notifications by e-mail, when SMTP is configured: sent only after the action commits.

notify() queues its rows on the session. Just before the commit the messages are written (the
rows have ids then, and the request is still there to build absolute links); once the commit has
succeeded they are sent and the rows get their emailed_at. A rolled-back action sends nothing, and
an SMTP server that fails is logged, never raised into the user's action.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.db import utcnow
from app.dialogues.models import Dialogue
from app.dialogues.visibility import visibility_clause
from app.i18n import babel_locale
from app.notifications.labels import headline
from app.notifications.links import actor_name, outcome_url
from app.notifications.models import Notification

log = logging.getLogger(__name__)

PENDING = "hiwar.notifications_to_email"
OUTGOING = "hiwar.notification_emails"
SMTP_TIMEOUT = 10  # seconds: a slow mail server must not hold a request for long


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    sender: str

    @classmethod
    def from_config(cls, config: Any) -> SmtpSettings | None:
        if not config.get("SMTP_HOST"):
            return None
        return cls(
            host=config["SMTP_HOST"],
            port=int(config.get("SMTP_PORT") or 25),
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD") or None,
            starttls=bool(config.get("SMTP_STARTTLS")),
            sender=config.get("MAIL_FROM") or "hiwar@localhost",
        )


def queue(session: so.Session, notifications, recipients, *, outcome: Any, actor: Any) -> None:
    """Remember new notifications to e-mail when this session's transaction commits."""
    if not notifications or SmtpSettings.from_config(current_app.config) is None:
        return
    users = {user.id: user for user in recipients}
    session.info.setdefault(PENDING, []).extend(
        (notification, users[notification.user_id], outcome, actor)
        for notification in notifications
    )


def may_see(session: so.Session, user: Any, outcome: Any) -> bool:
    """An e-mail must not carry what the page would not show: the one visibility rule again."""
    stmt = sa.select(Dialogue.id).where(Dialogue.id == outcome.dialogue_id, visibility_clause(user))
    return session.scalar(stmt) is not None


def queue_unsent(session: so.Session, since: datetime) -> int:
    """Queue the notifications created since then that were never e-mailed (the server was
    down, or e-mail was switched on later); the caller commits, which sends them."""
    rows = session.execute(
        sa.select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.created_at >= since,
            Notification.outcome_id.is_not(None),
            User.active.is_(True),
        )
        .options(
            so.joinedload(Notification.outcome),
            so.joinedload(Notification.actor),
            so.joinedload(Notification.update),
        )
        .order_by(Notification.id)
    ).all()
    session.info.setdefault(PENDING, []).extend(
        (notification, user, notification.outcome, notification.actor)
        for notification, user in rows
    )
    return len(rows)


def compose(notification: Notification, user: Any, outcome: Any, actor: Any, sender: str):
    """A plain-text message in the recipient's language (or the default language)."""
    language = user.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(babel_locale(language)):
        what = headline(notification, outcome, actor)
        text = outcome.text if len(outcome.text) <= 300 else outcome.text[:299] + "…"
        lines = [what, ""]
        if actor is not None:
            lines.append(_("By: %(organisation)s", organisation=actor_name(actor)))
        lines += [_("Outcome: %(text)s", text=text), ""]
        link = outcome_url(outcome, external=True)
        if link:
            lines += [_("Open it in Hiwar: %(link)s", link=link), ""]
        lines.append(_("You receive this because your organisation follows this outcome in Hiwar."))
        subject = _("Hiwar: %(what)s", what=what)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content("\n".join(lines))
    message["Content-Language"] = language  # after set_content, which resets Content-* headers
    return message


def send(settings: SmtpSettings, messages: list[tuple[int, EmailMessage]]) -> list[int]:
    """Sends over one connection; returns the ids of the notifications whose message went out."""
    sent: list[int] = []
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for notification_id, message in messages:
                try:
                    smtp.send_message(message)
                    sent.append(notification_id)
                except smtplib.SMTPException as error:  # one refused address; the rest still go
                    log.warning("Notification %s not e-mailed: %s", notification_id, error)
    except (OSError, smtplib.SMTPException) as error:
        log.warning(
            "Could not e-mail %d notification(s) through %s:%s: %s",
            len(messages) - len(sent),
            settings.host,
            settings.port,
            error,
        )
    return sent


@sa.event.listens_for(so.Session, "before_commit")
def _compose_before_commit(session: so.Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    settings = SmtpSettings.from_config(current_app.config)
    if settings is None:
        return
    session.flush()  # the new rows get their ids
    messages = [
        (notification.id, compose(notification, user, outcome, actor, settings.sender))
        for notification, user, outcome, actor in pending
        if notification in session and may_see(session, user, outcome)
    ]
    session.info[OUTGOING] = (settings, messages, session.get_bind())


@sa.event.listens_for(so.Session, "after_commit")
def _send_after_commit(session: so.Session) -> None:
    outgoing = session.info.pop(OUTGOING, None)
    if not outgoing:
        return
    settings, messages, bind = outgoing
    sent = send(settings, messages)
    if not sent:
        return
    # The session may not run SQL inside after_commit: record the sending on its own connection.
    try:
        engine = bind.engine if isinstance(bind, sa.Connection) else bind
        with engine.begin() as connection:
            connection.execute(
                sa.update(Notification).where(Notification.id.in_(sent)).values(emailed_at=utcnow())
            )
    except sa.exc.SQLAlchemyError:
        log.exception("Could not record that %d notification(s) were e-mailed", len(sent))


@sa.event.listens_for(so.Session, "after_transaction_end")
def _forget_at_transaction_end(session: so.Session, transaction: so.SessionTransaction) -> None:
    """A rollback, or a session closed without committing, sends nothing."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
        session.info.pop(OUTGOING, None)
