"""Writing synthetic dialogues with bulk INSERTs, a batch at a time.

Dialogue ids come back through RETURNING, and sort_by_parameter_order keeps them in the order the
rows were sent, on SQLite and PostgreSQL alike; the ids of axes and outcomes are read back by
dialogue and theme. So a batch's rows can point at their parents without one ORM flush per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa
from psycopg import sql as psycopg_sql

from app.demo import plans
from app.dialogues.models import Axis, Dialogue, DialogueOrganization, Priority, SectorCount
from app.extensions import db
from app.outcomes.models import Outcome, OutcomeUpdate, UpdateKind

Row = dict[str, Any]


@dataclass
class SyntheticReport:
    dialogues: int = 0
    axes: int = 0
    priorities: int = 0
    outcomes: int = 0
    updates: int = 0

    def __str__(self) -> str:
        return (
            f"{self.dialogues} synthetic dialogues added, with {self.axes} axes, "
            f"{self.priorities} priorities, {self.outcomes} outcomes and {self.updates} updates."
        )


@dataclass
class Draft:
    """One dialogue's rows before it has an id; insert_batch fills in the parents' ids."""

    dialogue: Row
    axes: list[Row] = field(default_factory=list)
    priorities: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    sectors: list[Row] = field(default_factory=list)
    # (outcome row, its follow-up plan, the responsible organisation's id)
    outcomes: list[tuple[Row, plans.FollowUpPlan, int]] = field(default_factory=list)


# Core INSERTs on the tables rather than ORM bulk inserts: the ORM splits rows whose None values
# differ into separate statements, which turned one batch of updates into thousands of them.
def _insert_returning_ids(model: Any, rows: list[Row]) -> list[int]:
    """Insert rows (all with the same keys) and return their new ids, in the rows' order."""
    if not rows:
        return []
    table = model.__table__
    statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _insert(model: Any, rows: list[Row]) -> None:
    """Insert rows (all with the same keys) whose ids nobody needs back."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection, model.__table__, rows)
    else:
        connection.execute(sa.insert(model.__table__), rows)


def _copy(connection: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """PostgreSQL's COPY, in the session's transaction. psycopg sends an executemany as one
    INSERT per row, and the server's time on those was most of a 20,000-dialogue run."""
    columns = list(rows[0])
    statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
        psycopg_sql.Identifier(table.name),
        psycopg_sql.SQL(", ").join(psycopg_sql.Identifier(column) for column in columns),
    )
    driver_connection = connection.connection.driver_connection
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            # Enum members go in as their values, as the ORM's enum columns store them.
            copy.write_row([_plain(row[column]) for column in columns])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def insert_batch(drafts: list[Draft], staff: dict[int, int], report: SyntheticReport) -> None:
    """Insert the drafts and everything they hold; staff maps organisation ids to user ids."""
    dialogue_ids = _insert_returning_ids(Dialogue, [d.dialogue for d in drafts])
    outcomes: list[tuple[Row, plans.FollowUpPlan, int, int]] = []
    for draft, dialogue_id in zip(drafts, dialogue_ids, strict=True):
        for row in (*draft.axes, *draft.priorities, *draft.links, *draft.sectors):
            row["dialogue_id"] = dialogue_id
        for row, plan, responsible_id in draft.outcomes:
            row["dialogue_id"] = dialogue_id
            outcomes.append((row, plan, responsible_id, draft.dialogue["organizer_org_id"]))
    _insert(Axis, [row for d in drafts for row in d.axes])
    axis_ids = _ids_by_dialogue_and_theme(Axis, dialogue_ids)
    for row, *_ in outcomes:
        row["axis_id"] = axis_ids[row["dialogue_id"], row["theme_id"]]
    _insert(Outcome, [row for row, *_ in outcomes])
    outcome_ids_by_theme = _ids_by_dialogue_and_theme(Outcome, dialogue_ids)
    outcome_ids = [
        outcome_ids_by_theme[row["dialogue_id"], row["theme_id"]] for row, *_ in outcomes
    ]
    report.updates += _insert_updates(outcomes, outcome_ids, staff)
    _link_verifications_to_reports(outcome_ids)
    _insert(Priority, [row for d in drafts for row in d.priorities])
    _insert(DialogueOrganization, [row for d in drafts for row in d.links])
    _insert(SectorCount, [row for d in drafts for row in d.sectors])
    report.dialogues += len(drafts)
    report.axes += sum(len(d.axes) for d in drafts)
    report.priorities += sum(len(d.priorities) for d in drafts)
    report.outcomes += len(outcome_ids)


def _insert_updates(
    outcomes: list[tuple[Row, plans.FollowUpPlan, int, int]],
    outcome_ids: list[int],
    staff: dict[int, int],
) -> int:
    """Every update in timeline order, so that ids follow time."""
    rows: list[Row] = []
    for (_, plan, responsible_id, organizer_id), outcome_id in zip(
        outcomes, outcome_ids, strict=True
    ):
        for index, step in enumerate(plan.updates):
            org_id = responsible_id if step.by_responsible else organizer_id
            rows.append(
                {
                    "outcome_id": outcome_id,
                    "kind": step.kind,
                    "author_id": staff.get(org_id),
                    "organization_id": org_id,
                    "status": step.status,
                    "progress": step.progress,
                    "note": step.note,
                    "evidence_url": step.evidence_url,
                    "reported_on": step.on if step.kind == UpdateKind.PROGRESS else None,
                    "created_at": datetime.combine(step.on, time(9 + index % 9)),
                }
            )
    _insert(OutcomeUpdate, rows)
    return len(rows)


def _ids_by_dialogue_and_theme(model: Any, dialogue_ids: list[int]) -> dict[tuple[int, int], int]:
    """The batch's axes or outcomes by (dialogue id, theme id), read back with one indexed query
    instead of RETURNING: within a synthetic dialogue, axes and outcomes differ in theme."""
    table = model.__table__
    rows = db.session.execute(
        sa.select(table.c.dialogue_id, table.c.theme_id, table.c.id).where(
            table.c.dialogue_id.in_(dialogue_ids)
        )
    )
    return {(dialogue_id, theme_id): row_id for dialogue_id, theme_id, row_id in rows}


def _link_verifications_to_reports(outcome_ids: list[int]) -> None:
    """A verification answers the latest progress report before it (plans.timeline does the
    same); ids follow the order rows were inserted in, which is timeline order. One set-based
    UPDATE instead of RETURNING every update id: that was most of the time on PostgreSQL."""
    updates = OutcomeUpdate.__table__
    reports = updates.alias("reports")
    latest_report = (
        sa.select(sa.func.max(reports.c.id))
        .where(
            reports.c.outcome_id == updates.c.outcome_id,
            reports.c.kind == UpdateKind.PROGRESS,
            reports.c.id < updates.c.id,
        )
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(updates)
        .where(updates.c.outcome_id.in_(outcome_ids), updates.c.kind == UpdateKind.VERIFICATION)
        .values(answers_update_id=latest_report)
    )
