"""The one "took place" rule. Every figure derived from dialogues (dialogues held, participants,
themes discussed, concerns raised, per-month series, city and overview indicators, the map's
figures, the API's statistics) counts only dialogues that took place; planned ones are counted
apart, as upcoming.

A dialogue took place when its status is held or reported and its date is not in the future.
A planned dialogue is *upcoming* while its date is today or later; once the date has passed it
is neither held nor upcoming: its organiser is asked to record what happened or to move it.

Each rule has an SQL clause (for the GROUP BY queries) and a Python twin (for one record);
tests check that they agree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from app.dialogues.models import Dialogue, DialogueStatus

HELD_STATUSES = (DialogueStatus.HELD, DialogueStatus.REPORTED)


def _today(today: date | None) -> date:
    return today or date.today()


def held_clause(today: date | None = None, *, table: Any = None) -> sa.ColumnElement[bool]:
    """SQL condition: the dialogue took place. `table` is a subquery with status and held_on
    columns (a selection), or the dialogues table itself when None."""
    columns = Dialogue if table is None else table.c
    return sa.and_(columns.status.in_(HELD_STATUSES), columns.held_on <= _today(today))


def upcoming_clause(today: date | None = None, *, table: Any = None) -> sa.ColumnElement[bool]:
    """SQL condition: planned, on today's date or later."""
    columns = Dialogue if table is None else table.c
    return sa.and_(columns.status == DialogueStatus.PLANNED, columns.held_on >= _today(today))


def date_passed_clause(today: date | None = None, *, table: Any = None) -> sa.ColumnElement[bool]:
    """SQL condition: still planned although its date has passed."""
    columns = Dialogue if table is None else table.c
    return sa.and_(columns.status == DialogueStatus.PLANNED, columns.held_on < _today(today))


def took_place(dialogue: Any, today: date | None = None) -> bool:
    """Python twin of held_clause, for one record (a Dialogue or anything with the two fields)."""
    return DialogueStatus(dialogue.status) in HELD_STATUSES and dialogue.held_on <= _today(today)


def is_upcoming(dialogue: Any, today: date | None = None) -> bool:
    return DialogueStatus(dialogue.status) == DialogueStatus.PLANNED and dialogue.held_on >= _today(
        today
    )


def date_passed(dialogue: Any, today: date | None = None) -> bool:
    return DialogueStatus(dialogue.status) == DialogueStatus.PLANNED and dialogue.held_on < _today(
        today
    )
