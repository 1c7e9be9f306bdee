"""The plans behind demo rows: counts within their totals, follow-ups that fit between the session
and today and leave the outcome in the status they were planned for."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from app.demo import plans
from app.outcomes.models import OutcomeStatus, UpdateKind


@pytest.mark.parametrize("total", [0, 1, 5, 12, 90])
def test_attendance_stays_within_the_total(total):
    rng = random.Random(total)
    for _ in range(200):
        counts = plans.attendance(rng, total)
        assert counts.women + counts.men <= total
        assert 0 <= counts.youth <= total
        assert sum(counts.sectors.values()) <= total
        assert all(n > 0 for n in counts.sectors.values())


@pytest.mark.parametrize("status", list(OutcomeStatus))
@pytest.mark.parametrize("days_ago", [0, 1, 2, 45, 700])
def test_follow_up_fits_between_the_session_and_today(status, days_ago):
    today = date(2026, 6, 1)
    held_on = today - timedelta(days=days_ago)
    rng = random.Random(f"{status}{days_ago}")
    for _ in range(20):
        plan = plans.follow_up(rng, status, held_on, today)
        assert plan.status == status
        assert all(held_on <= update.on <= today for update in plan.updates)
        assert [u.on for u in plan.updates] == sorted(u.on for u in plan.updates)
        assert plan.updates[0].kind == UpdateKind.ASSIGNMENT
        assert 0 <= plan.progress_verified <= plan.progress_reported <= 100
        for update in plan.updates:
            if update.kind == UpdateKind.VERIFICATION:
                assert plan.updates[update.answers].kind == UpdateKind.PROGRESS
