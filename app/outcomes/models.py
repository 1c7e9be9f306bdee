"""Outcomes of a dialogue and their follow-up timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.auth.models import User
from app.db import Base, TimestampMixin, enum_column, utcnow
from app.dialogues.models import Axis, Dialogue, Photo
from app.organizations.models import Organization
from app.themes.models import Theme


class OutcomeKind(enum.StrEnum):
    RECOMMENDATION = "recommendation"
    COMMITMENT = "commitment"
    ACTION = "action"
    TOOL = "tool"


class OutcomeStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    STALLED = "stalled"
    DROPPED = "dropped"


CLOSED_STATUSES = frozenset({OutcomeStatus.ACHIEVED, OutcomeStatus.DROPPED})


class UpdateKind(enum.StrEnum):
    ASSIGNMENT = "assignment"
    ACCEPTANCE = "acceptance"
    DECLINE = "decline"
    PROGRESS = "progress"
    VERIFICATION = "verification"
    EVIDENCE_REQUEST = "evidence_request"
    COMMENT = "comment"
    STATUS_CHANGE = "status_change"


outcome_followups = sa.Table(
    "outcome_followups",
    Base.metadata,
    sa.Column("outcome_id", sa.ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("dialogue_id", sa.ForeignKey("dialogues.id", ondelete="CASCADE"), primary_key=True),
    # A dialogue's followed-up outcomes are looked up by dialogue (the key starts with outcome_id).
    sa.Index("ix_outcome_followups_dialogue_id", "dialogue_id"),
)


class Outcome(TimestampMixin, Base):
    __tablename__ = "outcomes"
    __table_args__ = (
        sa.CheckConstraint(
            "progress_reported BETWEEN 0 AND 100", name="progress_reported_percentage"
        ),
        sa.CheckConstraint(
            "progress_verified BETWEEN 0 AND 100", name="progress_verified_percentage"
        ),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.Index("ix_outcomes_responsible_status_due", "responsible_org_id", "status", "due_on"),
        # Covers the maps' and dashboards' outcome counts per dialogue without reading the rows.
        sa.Index(
            "ix_outcomes_dialogue_status", "dialogue_id", "status", "progress_verified", "due_on"
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    dialogue_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("dialogues.id", ondelete="CASCADE"), index=True
    )
    axis_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("axes.id", ondelete="SET NULL"))
    kind: so.Mapped[OutcomeKind] = so.mapped_column(enum_column(OutcomeKind, "outcome_kind"))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    theme_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("themes.id"), index=True)
    responsible_org_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organizations.id"))
    due_on: so.Mapped[date | None]
    status: so.Mapped[OutcomeStatus] = so.mapped_column(
        enum_column(OutcomeStatus, "outcome_status"), default=OutcomeStatus.PROPOSED
    )
    progress_reported: so.Mapped[int] = so.mapped_column(default=0)
    progress_verified: so.Mapped[int] = so.mapped_column(default=0)
    # When the responsible organisation declined the assignment; cleared when it is reassigned
    # or accepted. (Whether the latest report awaits verification is derived from the updates.)
    declined_at: so.Mapped[datetime | None]
    version: so.Mapped[int] = so.mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    dialogue: so.Mapped[Dialogue] = so.relationship(back_populates="outcomes")
    axis: so.Mapped[Axis | None] = so.relationship()
    theme: so.Mapped[Theme] = so.relationship()
    responsible_org: so.Mapped[Organization | None] = so.relationship()
    updates: so.Mapped[list[OutcomeUpdate]] = so.relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="OutcomeUpdate.id"
    )
    followed_up_in: so.Mapped[list[Dialogue]] = so.relationship(secondary=outcome_followups)

    def is_overdue(self, today: date) -> bool:
        """Derived, never stored: past its due date and not closed."""
        return (
            self.due_on is not None and self.due_on < today and self.status not in CLOSED_STATUSES
        )

    def __repr__(self) -> str:
        return f"<Outcome {self.id} {self.status}>"


class OutcomeUpdate(Base):
    """One step in an outcome's follow-up: a report, a verification, a comment; who and when."""

    __tablename__ = "outcome_updates"
    __table_args__ = (
        sa.CheckConstraint(
            "progress IS NULL OR progress BETWEEN 0 AND 100", name="progress_percentage"
        ),
        sa.Index("ix_outcome_updates_outcome_created", "outcome_id", "created_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    outcome_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("outcomes.id", ondelete="CASCADE"))
    kind: so.Mapped[UpdateKind] = so.mapped_column(enum_column(UpdateKind, "update_kind"))
    author_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    organization_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organizations.id"))
    status: so.Mapped[OutcomeStatus | None] = so.mapped_column(
        enum_column(OutcomeStatus, "update_status")
    )
    progress: so.Mapped[int | None]
    note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    evidence_url: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    reported_on: so.Mapped[date | None]
    # A verification or evidence request answers one progress report.
    answers_update_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("outcome_updates.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    outcome: so.Mapped[Outcome] = so.relationship(back_populates="updates")
    author: so.Mapped[User | None] = so.relationship()
    organization: so.Mapped[Organization | None] = so.relationship()
    photos: so.Mapped[list[Photo]] = so.relationship(cascade="all, delete-orphan")
    answers: so.Mapped[OutcomeUpdate | None] = so.relationship(remote_side=[id])
