"""Read queries over outcomes, all built on the dialogues' visibility query.

Every condition here is SQL (EXISTS subqueries), so that lists filter, count and page in the
database. "Overdue" and the follow-up states are derived from the outcome and its updates,
never stored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.auth.models import Role
from app.dialogues.filters import DialogueFilters, apply_filters
from app.dialogues.models import Dialogue
from app.dialogues.visibility import visibility_clause
from app.extensions import db
from app.outcomes.models import CLOSED_STATUSES, Outcome, OutcomeStatus, OutcomeUpdate, UpdateKind

# The queue's groups, in the order a partner works through them.
STATUS_ORDER = (
    OutcomeStatus.PROPOSED,
    OutcomeStatus.ACCEPTED,
    OutcomeStatus.IN_PROGRESS,
    OutcomeStatus.STALLED,
    OutcomeStatus.ACHIEVED,
    OutcomeStatus.DROPPED,
)
DUE_SOON_DAYS = 30
ANSWERS = (UpdateKind.VERIFICATION, UpdateKind.EVIDENCE_REQUEST)

# Everything a row shows, loaded with the row itself.
ROW_LOADS = (
    so.contains_eager(Outcome.dialogue).joinedload(Dialogue.city),
    so.joinedload(Outcome.theme),
    so.joinedload(Outcome.responsible_org),
)


def visible_outcomes(user: Any) -> sa.Select[tuple[Outcome]]:
    """Every outcome of a dialogue the user may see (archived dialogues' outcomes excluded)."""
    return sa.select(Outcome).join(Outcome.dialogue).where(visibility_clause(user))


def overdue_clause(today: date) -> sa.ColumnElement[bool]:
    """SQL twin of Outcome.is_overdue: past its due date and not closed."""
    return sa.and_(
        Outcome.due_on.is_not(None),
        Outcome.due_on < today,
        Outcome.status.not_in(list(CLOSED_STATUSES)),
    )


def _latest_progress() -> type[OutcomeUpdate]:
    """An alias for the outcome's latest progress report (the one whose id no report exceeds)."""
    return so.aliased(OutcomeUpdate, name="latest_report")


def _is_latest_report(report: Any) -> sa.ColumnElement[bool]:
    newer = so.aliased(OutcomeUpdate, name="newer_report")
    return sa.and_(
        report.outcome_id == Outcome.id,
        report.kind == UpdateKind.PROGRESS,
        ~sa.exists().where(
            newer.outcome_id == report.outcome_id,
            newer.kind == UpdateKind.PROGRESS,
            newer.id > report.id,
        ),
    )


def _answered_by(report: Any, kinds: tuple[UpdateKind, ...]) -> sa.ColumnElement[bool]:
    answer = so.aliased(OutcomeUpdate, name="answer")
    return sa.exists().where(answer.answers_update_id == report.id, answer.kind.in_(kinds))


def self_reported_clause() -> sa.ColumnElement[bool]:
    """The responsible organisation is the organiser: nobody independent can verify."""
    organizer = so.aliased(Dialogue, name="organizer_dialogue")
    return sa.exists().where(
        organizer.id == Outcome.dialogue_id,
        organizer.organizer_org_id == Outcome.responsible_org_id,
    )


def awaiting_verification_clause() -> sa.ColumnElement[bool]:
    """The latest progress report is answered by neither a verification nor a request for
    more evidence, and the outcome is not self-reported. (Only the latest report counts: an
    earlier one that a newer report superseded is not waiting for anyone.)"""
    report = _latest_progress()
    return sa.and_(
        sa.exists().where(_is_latest_report(report), ~_answered_by(report, ANSWERS)),
        Outcome.responsible_org_id.is_not(None),
        ~self_reported_clause(),
    )


def evidence_requested_clause() -> sa.ColumnElement[bool]:
    """The latest progress report was answered by a request for more evidence (and not
    verified after all); no newer report has come in since."""
    report = _latest_progress()
    return sa.exists().where(
        _is_latest_report(report),
        _answered_by(report, (UpdateKind.EVIDENCE_REQUEST,)),
        ~_answered_by(report, (UpdateKind.VERIFICATION,)),
    )


def new_assignment_clause() -> sa.ColumnElement[bool]:
    """Assigned, neither accepted nor declined yet."""
    return sa.and_(Outcome.status == OutcomeStatus.PROPOSED, Outcome.declined_at.is_(None))


def declined_clause() -> sa.ColumnElement[bool]:
    return Outcome.declined_at.is_not(None)


def due_soon_clause(today: date, days: int = DUE_SOON_DAYS) -> sa.ColumnElement[bool]:
    """Not closed and due within `days` (overdue ones included: they are due too)."""
    return sa.and_(
        Outcome.due_on.is_not(None),
        Outcome.due_on <= today + timedelta(days=days),
        Outcome.status.not_in(list(CLOSED_STATUSES)),
    )


def _organization_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return user.organization_id


def responsible_clause(user: Any) -> sa.ColumnElement[bool]:
    """The user's organisation is responsible for the outcome (never true without one)."""
    org_id = _organization_id(user)
    return sa.false() if org_id is None else Outcome.responsible_org_id == org_id


def organized_clause(user: Any) -> sa.ColumnElement[bool]:
    """The user's organisation organised the outcome's dialogue (never true without one).
    Use it on a select joined to the dialogue (visible_outcomes)."""
    org_id = _organization_id(user)
    return sa.false() if org_id is None else Dialogue.organizer_org_id == org_id


def roles_of(user: Any) -> tuple[bool, bool]:
    """Whether the user's organisation organised any visible outcome's dialogue, and whether
    it is responsible for any visible outcome: one query."""
    if _organization_id(user) is None:
        return False, False
    visible = visible_outcomes(user)
    row = db.session.execute(
        sa.select(
            visible.where(organized_clause(user)).exists(),
            visible.where(responsible_clause(user)).exists(),
        )
    ).one()
    return bool(row[0]), bool(row[1])


def urgency_order(stmt: sa.Select, today: date) -> sa.Select:
    """Overdue first, then by due date (undated last): for lists that are not grouped."""
    overdue_first = sa.case((overdue_clause(today), 0), else_=1)
    return stmt.order_by(overdue_first, Outcome.due_on.is_(None), Outcome.due_on, Outcome.id)


def queue_order(stmt: sa.Select, today: date) -> sa.Select:
    """By status group, overdue first within a group, then by due date (undated last)."""
    group = sa.case(
        {status: index for index, status in enumerate(STATUS_ORDER)}, value=Outcome.status
    )
    overdue_first = sa.case((overdue_clause(today), 0), else_=1)
    return stmt.order_by(group, overdue_first, Outcome.due_on.is_(None), Outcome.due_on, Outcome.id)


def queue_outcomes(
    user: Any, filters: DialogueFilters | None = None, status: OutcomeStatus | None = None
) -> sa.Select[tuple[Outcome]]:
    """The outcomes the user's organisation is responsible for (every visible outcome for
    an admin), narrowed by the dialogue list's filters. The theme filter is the outcome's own
    theme, not any theme of its dialogue."""
    stmt = visible_outcomes(user)
    if getattr(user, "role", None) != Role.ADMIN:
        stmt = stmt.where(responsible_clause(user))
    return narrow_outcomes(stmt, filters, status)


def narrow_outcomes(
    stmt: sa.Select, filters: DialogueFilters | None = None, status: OutcomeStatus | None = None
) -> sa.Select[tuple[Outcome]]:
    """Narrow a select from visible_outcomes by the dialogue list's filters (the theme is the
    outcome's own) and the outcome's status."""
    if filters is not None:
        if filters.theme_id is not None:
            stmt = stmt.where(Outcome.theme_id == filters.theme_id)
        stmt = apply_filters(stmt, replace(filters, theme_id=None))
    if status is not None:
        stmt = stmt.where(Outcome.status == status)
    return stmt


def status_counts(stmt: sa.Select) -> dict[OutcomeStatus, int]:
    """How many outcomes of a select (unordered, without loader options) are in each status,
    in one query."""
    counted = stmt.with_only_columns(
        Outcome.status, sa.func.count(Outcome.id), maintain_column_froms=True
    ).group_by(Outcome.status)
    return {OutcomeStatus(status): count for status, count in db.session.execute(counted)}


def section(stmt: sa.Select, limit: int) -> tuple[int, list[Outcome]]:
    """The total and the first `limit` rows of a select, in one query (a window count)."""
    rows = db.session.execute(stmt.add_columns(sa.func.count().over()).limit(limit)).all()
    total = rows[0][1] if rows else 0
    return total, [row[0] for row in rows]
