"""`flask demo --dialogues N`: N more dialogues, the same ones for the same seed, in bulk."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from app.audit.models import AuditEvent
from app.demo.synthetic import SYNTHETIC_SEED, add_synthetic_dialogues
from app.demo.synthetic_context import MissingDemoDataError
from app.dialogues.models import Axis, Dialogue, DialogueStatus, Priority, Visibility
from app.outcomes.models import Outcome, OutcomeUpdate
from tests.demo import checks


def snapshot(db, after_id: int) -> list[tuple]:
    """The synthetic dialogues after after_id, with their children, without ids."""
    dialogues = db.session.scalars(
        sa.select(Dialogue)
        .where(Dialogue.id > after_id)
        .order_by(Dialogue.id)
        .options(
            so.selectinload(Dialogue.axes),
            so.selectinload(Dialogue.priorities),
            so.selectinload(Dialogue.links),
            so.selectinload(Dialogue.outcomes).selectinload(Outcome.updates),
        )
    )
    return [
        (
            d.title_en,
            d.title_ar,
            d.city_id,
            d.organizer_org_id,
            d.held_on,
            d.status,
            d.visibility,
            d.participants_total,
            d.participants_women,
            d.search_text,
            [(a.position, a.title, a.theme_id) for a in d.axes],
            [(p.kind, p.text, p.rank) for p in d.priorities],
            [(o.text, o.status, o.progress_reported, len(o.updates)) for o in d.outcomes],
            sorted((link.organization_id, link.role) for link in d.links),
        )
        for d in dialogues
    ]


def test_dialogues_option_adds_exactly_that_many(db, runner, demo):
    before = checks.count(db, Dialogue)
    result = runner.invoke(args=["demo", "--dialogues", "200"])
    assert result.exit_code == 0, result.output
    assert "200 synthetic dialogues added" in result.output
    assert checks.count(db, Dialogue) == before + 200
    assert checks.count(db, AuditEvent, AuditEvent.action == "demo_synthetic") == 1


def test_the_same_seed_adds_the_same_dialogues(db, demo):
    last_demo_id = db.session.scalar(sa.select(sa.func.max(Dialogue.id)))
    add_synthetic_dialogues(200, seed=SYNTHETIC_SEED, batch_size=64)
    first = snapshot(db, last_demo_id)
    last_first_id = db.session.scalar(sa.select(sa.func.max(Dialogue.id)))
    add_synthetic_dialogues(200, seed=SYNTHETIC_SEED)
    second = snapshot(db, last_first_id)
    assert len(first) == 200 and first == second
    add_synthetic_dialogues(20, seed=SYNTHETIC_SEED + 1)
    assert snapshot(db, last_first_id + 200) != first[:20]


def test_synthetic_dialogues_are_varied_and_keep_every_invariant(db, demo):
    last_demo_id = db.session.scalar(sa.select(sa.func.max(Dialogue.id)))
    progress: list[int] = []
    report = add_synthetic_dialogues(300, batch_size=128, progress=progress.append)
    db.session.commit()
    assert progress == [128, 128, 44]
    assert report.dialogues == 300
    assert report.outcomes == checks.count(db, Outcome, Outcome.dialogue_id > last_demo_id)
    new = Dialogue.id > last_demo_id
    assert checks.count(db, Axis, Axis.dialogue_id > last_demo_id) >= 2 * 300
    assert checks.count(db, Priority, Priority.dialogue_id > last_demo_id) > 300
    rows = db.session.execute(
        sa.select(Dialogue.city_id, Dialogue.status, Dialogue.visibility, Dialogue.held_on).where(
            new
        )
    ).all()
    assert len({row.city_id for row in rows}) >= 15
    assert {row.status for row in rows} == set(DialogueStatus)
    assert {row.visibility for row in rows} == set(Visibility)
    today = date.today()
    assert min(row.held_on for row in rows).toordinal() >= today.toordinal() - 3 * 366
    assert checks.count(db, OutcomeUpdate) > report.outcomes
    checks.assert_counts_consistent(db)
    checks.assert_dates_fit_status(db, today)
    checks.assert_search_text_normalised(db)
    checks.assert_follow_ups_consistent(db, today)
    checks.assert_outcomes_sit_on_an_axis_of_their_theme(db)


def test_synthetic_dialogues_need_the_demo_first(db):
    with pytest.raises(MissingDemoDataError):
        add_synthetic_dialogues(10)
