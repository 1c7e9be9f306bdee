"""Who hears about what happens to an outcome. notify() adds rows for the caller to commit."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.auth.models import User
from app.db import utcnow
from app.dialogues.visibility import visibility_clause
from app.extensions import db
from app.notifications import email
from app.notifications.models import Notification, NotificationKind
from app.outcomes.models import Outcome

# Which side hears about each kind of event.
TO_RESPONSIBLE = {NotificationKind.ASSIGNMENT, NotificationKind.VERIFICATION}
TO_ORGANISER = {NotificationKind.ANSWER, NotificationKind.PROGRESS}
TO_BOTH = {NotificationKind.COMMENT}


def recipient_organizations(kind: NotificationKind, outcome: Any) -> set[int]:
    organiser = outcome.dialogue.organizer_org_id
    responsible = outcome.responsible_org_id
    if kind in TO_RESPONSIBLE:
        wanted = {responsible}
    elif kind in TO_ORGANISER:
        wanted = {organiser}
    else:
        wanted = {organiser, responsible}
    return {org_id for org_id in wanted if org_id is not None}


def notify(
    kind: NotificationKind, outcome: Any, *, update: Any = None, actor: Any = None
) -> list[Notification]:
    """One notification for each active member of the organisations concerned, the actor aside."""
    organizations = recipient_organizations(kind, outcome)
    if not organizations:
        return []
    recipients = db.session.scalars(
        sa.select(User).where(User.organization_id.in_(organizations), User.active.is_(True))
    ).all()
    actor_id = getattr(actor, "id", None)
    notifications = [
        Notification(
            user_id=user.id,
            kind=kind,
            outcome_id=outcome.id,
            update_id=getattr(update, "id", None),
            actor_id=actor_id,
        )
        for user in recipients
        if user.id != actor_id
    ]
    db.session.add_all(notifications)
    email.queue(db.session, notifications, recipients, outcome=outcome, actor=actor)
    return notifications


def unread_count(user: Any) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def visible_notifications(user: Any) -> sa.Select[tuple[Notification]]:
    """The user's own notifications about outcomes of dialogues the user may still see."""
    return (
        sa.select(Notification)
        .join(Notification.outcome)
        .join(Outcome.dialogue)
        .where(Notification.user_id == user.id, visibility_clause(user))
    )


def notification_list(user: Any) -> sa.Select[tuple[Notification]]:
    """Newest first, with the outcome and the actor's organisation loaded in the same query."""
    return (
        visible_notifications(user)
        .options(
            so.contains_eager(Notification.outcome),
            so.joinedload(Notification.actor).joinedload(User.organization),
            so.joinedload(Notification.update),
        )
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def visible_unread_count(user: Any) -> int:
    """The navigation bar's badge: unread notifications the user may still open. One query."""
    stmt = (
        sa.select(sa.func.count(Notification.id))
        .join(Notification.outcome)
        .join(Outcome.dialogue)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            visibility_clause(user),
        )
    )
    return db.session.scalar(stmt) or 0


def get_own_notification(user: Any, notification_id: int) -> Notification | None:
    """One of the user's notifications, through the visibility query; None for anyone else's."""
    stmt = (
        visible_notifications(user)
        .where(Notification.id == notification_id)
        .options(so.contains_eager(Notification.outcome))
    )
    return db.session.scalars(stmt).first()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: Any) -> int:
    """Marks every unread notification of the user read; the caller commits."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
