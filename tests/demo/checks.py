"""Invariants every demo dialogue keeps, curated or synthetic, asserted straight on the tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from app.dialogues.models import Axis, Dialogue, DialogueStatus, SectorCount
from app.outcomes.models import Outcome, OutcomeStatus, OutcomeUpdate, UpdateKind
from app.search.indexing import build_search_text
from app.search.normalize import normalize


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def table_counts(db) -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def assert_counts_consistent(db) -> None:
    sums = sa.select(SectorCount.dialogue_id, sa.func.sum(SectorCount.count)).group_by(
        SectorCount.dialogue_id
    )
    sector_sums = dict(db.session.execute(sums).all())
    rows = db.session.execute(
        sa.select(
            Dialogue.id,
            Dialogue.participants_total,
            Dialogue.participants_women,
            Dialogue.participants_men,
            Dialogue.participants_youth,
        )
    )
    for dialogue_id, total, women, men, youth in rows:
        if total is None:  # not recorded: no breakdown either
            assert women is None and men is None and youth is None, dialogue_id
            assert dialogue_id not in sector_sums, dialogue_id
            continue
        assert (women or 0) + (men or 0) <= total, dialogue_id
        assert 0 <= (youth or 0) <= total, dialogue_id
        assert sector_sums.get(dialogue_id, 0) <= total, dialogue_id


def assert_dates_fit_status(db, today: date) -> None:
    for held_on, status in db.session.execute(sa.select(Dialogue.held_on, Dialogue.status)):
        if status == DialogueStatus.PLANNED:
            assert held_on > today
        else:
            assert held_on <= today


def assert_search_text_normalised(db) -> None:
    dialogues = db.session.execute(
        sa.select(Dialogue.id, Dialogue.title_ar, Dialogue.title_en, Dialogue.search_text)
    )
    for dialogue_id, title_ar, title_en, search_text in dialogues:
        assert search_text, dialogue_id
        assert search_text.startswith(build_search_text(titles=(title_ar, title_en)))
        for line in search_text.split("\n"):
            assert line and normalize(line) == line, (dialogue_id, line)


def assert_follow_ups_consistent(db, today: date) -> None:
    """Each outcome's status and progress are what its timeline of updates says."""
    updates_by_outcome: dict[int, list[OutcomeUpdate]] = defaultdict(list)
    for update in db.session.scalars(sa.select(OutcomeUpdate).order_by(OutcomeUpdate.id)):
        updates_by_outcome[update.outcome_id].append(update)
    held_on = dict(db.session.execute(sa.select(Dialogue.id, Dialogue.held_on)).all())
    for outcome in db.session.scalars(sa.select(Outcome)):
        updates = updates_by_outcome[outcome.id]
        assert outcome.responsible_org_id is not None and outcome.due_on is not None
        times = [u.created_at for u in updates]
        assert times == sorted(times), outcome.id
        assert all(held_on[outcome.dialogue_id] <= t.date() <= today for t in times)
        reports = [u for u in updates if u.kind == UpdateKind.PROGRESS]
        verifications = [u for u in updates if u.kind == UpdateKind.VERIFICATION]
        assert outcome.progress_reported == (reports[-1].progress if reports else 0)
        assert outcome.progress_verified == (verifications[-1].progress if verifications else 0)
        assert outcome.progress_verified <= outcome.progress_reported
        statuses = [u.status for u in updates if u.status is not None]
        assert outcome.status == (statuses[-1] if statuses else OutcomeStatus.PROPOSED)
        if outcome.status == OutcomeStatus.ACHIEVED:
            assert outcome.progress_reported == outcome.progress_verified == 100
        by_id = {u.id: u for u in updates}
        for verification in verifications:
            report = by_id[verification.answers_update_id]  # a report of the same outcome
            assert report.kind == UpdateKind.PROGRESS and report.id < verification.id
            assert verification.progress == report.progress


def assert_outcomes_sit_on_an_axis_of_their_theme(db) -> None:
    axes = {
        axis_id: (dialogue_id, theme_id)
        for axis_id, dialogue_id, theme_id in db.session.execute(
            sa.select(Axis.id, Axis.dialogue_id, Axis.theme_id)
        )
    }
    outcomes = db.session.execute(
        sa.select(Outcome.id, Outcome.axis_id, Outcome.dialogue_id, Outcome.theme_id)
    )
    for outcome_id, axis_id, dialogue_id, theme_id in outcomes:
        assert axes[axis_id] == (dialogue_id, theme_id), outcome_id
