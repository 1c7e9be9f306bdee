"""In-app notifications: one row per recipient, read or not."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.auth.models import User
from app.db import Base, enum_column, utcnow
from app.outcomes.models import Outcome, OutcomeUpdate


class NotificationKind(enum.StrEnum):
    ASSIGNMENT = "assignment"  # an outcome was assigned to the recipient's organisation
    ANSWER = "answer"  # the responsible organisation accepted or declined
    PROGRESS = "progress"  # progress was reported on an outcome the recipient's org organised
    VERIFICATION = "verification"  # a report was verified, or more evidence was asked for
    COMMENT = "comment"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: so.Mapped[NotificationKind] = so.mapped_column(
        enum_column(NotificationKind, "notification_kind")
    )
    outcome_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    update_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("outcome_updates.id", ondelete="CASCADE")
    )
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    read_at: so.Mapped[datetime | None]
    emailed_at: so.Mapped[datetime | None]

    # The list page loads both with its rows (contains_eager / joinedload), never one per row.
    outcome: so.Mapped[Outcome | None] = so.relationship()
    actor: so.Mapped[User | None] = so.relationship(foreign_keys=[actor_id])
    # What happened (accepted or declined, verified or evidence asked for): the headline needs it.
    update: so.Mapped[OutcomeUpdate | None] = so.relationship()
