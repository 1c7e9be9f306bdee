"""Plain plans shared by the curated demo and the synthetic generator: who came to a dialogue and
how each outcome was followed up. Pure functions of a random generator and dates, so a seed
reproduces them and both the ORM builder and the bulk inserter can turn them into rows."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from app.dialogues.models import Sector
from app.outcomes.models import OutcomeStatus, UpdateKind

S = OutcomeStatus
K = UpdateKind

DUE_AFTER_DAYS = (30, 60, 90, 120, 180, 270, 365)

# How far an outcome has got depends on how long ago its dialogue was held: recent sessions have
# mostly proposed and accepted outcomes, older ones more achieved, stalled and dropped ones.
STATUS_WEIGHTS_BY_AGE: tuple[tuple[int, dict[OutcomeStatus, int]], ...] = (
    (14, {S.PROPOSED: 60, S.ACCEPTED: 40}),
    (60, {S.PROPOSED: 20, S.ACCEPTED: 35, S.IN_PROGRESS: 40, S.DROPPED: 5}),
    (180, {S.PROPOSED: 10, S.ACCEPTED: 15, S.IN_PROGRESS: 40, S.ACHIEVED: 15, S.STALLED: 12,
           S.DROPPED: 8}),
    (10**6, {S.PROPOSED: 5, S.ACCEPTED: 10, S.IN_PROGRESS: 25, S.ACHIEVED: 35, S.STALLED: 15,
             S.DROPPED: 10}),
)  # fmt: skip

NOTES = {
    "assignment": "أُسندت متابعة هذا المخرج إلى الجهة المسؤولة بعد الجلسة.",
    "acceptance": "قبلت الجهة المسؤولة المخرج وحددت نقطة اتصال للمتابعة.",
    "decline": "اعتذرت الجهة المسؤولة عن تنفيذ المخرج لعدم توفر الموارد.",
    "progress": "تقرير تقدم: أُنجز نحو {progress}% من العمل المتفق عليه.",
    "verification": "تحقق المنظّم من التقرير بزيارة ميدانية ومراجعة الوثائق.",
    "comment": "نقترح إشراك اللجنة الأهلية في المرحلة التالية.",
    "stalled": "توقف العمل بسبب نقص التمويل وتغيّر الظروف المحلية.",
    "dropped": "أُلغي المخرج بعد مراجعة الأولويات مع الشركاء.",
}


@dataclass(frozen=True)
class Attendance:
    total: int
    women: int
    men: int
    youth: int
    sectors: dict[Sector, int]


class Step(NamedTuple):
    kind: UpdateKind
    by_responsible: bool
    status: OutcomeStatus | None = None
    progress: int | None = None


@dataclass(frozen=True)
class UpdatePlan:
    kind: UpdateKind
    by_responsible: bool  # written by the responsible organisation's staff, else the organiser's
    on: date
    status: OutcomeStatus | None = None
    progress: int | None = None
    note: str | None = None
    evidence_url: str | None = None
    answers: int | None = None  # index, in the same plan, of the progress report it verifies


@dataclass(frozen=True)
class FollowUpPlan:
    status: OutcomeStatus
    progress_reported: int
    progress_verified: int
    updates: tuple[UpdatePlan, ...] = field(default=())


def attendance(rng: random.Random, total: int) -> Attendance:
    """Counts that keep the invariants: women + men, youth and the sector sum within total."""
    if total == 0:
        return Attendance(0, 0, 0, 0, {})
    women = round(total * rng.uniform(0.25, 0.55))
    unrecorded = rng.choice((0, 0, 0, 1, 2))  # a few people who did not give their sex
    men = max(total - women - unrecorded, 0)
    youth = round(total * rng.uniform(0.1, 0.5))
    sectors = rng.sample(list(Sector), rng.randint(2, 5))
    remaining = total - rng.randint(0, max(total // 10, 1))  # some left their sector blank
    counts: dict[Sector, int] = {}
    for index, sector in enumerate(sectors):
        share = remaining if index == len(sectors) - 1 else rng.randint(1, max(remaining // 2, 1))
        share = max(min(share, remaining), 0)
        if share:
            counts[sector] = share
        remaining -= share
    return Attendance(total, women, men, youth, counts)


def status_for_age(rng: random.Random, age_days: int) -> OutcomeStatus:
    weights = next(w for limit, w in STATUS_WEIGHTS_BY_AGE if age_days < limit)
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def due_date(rng: random.Random, held_on: date) -> date:
    return held_on + timedelta(days=rng.choice(DUE_AFTER_DAYS))


def _steps_for(rng: random.Random, status: OutcomeStatus) -> list[Step]:
    """Each step of the timeline, in order, before dates are attached."""
    steps = [Step(K.ASSIGNMENT, False, S.PROPOSED)]
    if status == S.PROPOSED:
        return steps
    if status == S.DROPPED and rng.random() < 0.5:
        return [*steps, Step(K.DECLINE, True), Step(K.STATUS_CHANGE, False, S.DROPPED)]
    steps.append(Step(K.ACCEPTANCE, True, S.ACCEPTED))
    if status == S.ACCEPTED:
        return steps
    first = rng.choice((10, 20, 25, 30, 40, 50))
    steps.append(Step(K.PROGRESS, True, S.IN_PROGRESS, first))
    verify_first = Step(K.VERIFICATION, False, S.IN_PROGRESS, first)
    if status == S.ACHIEVED:
        steps += [
            verify_first,
            Step(K.PROGRESS, True, S.IN_PROGRESS, 100),
            Step(K.VERIFICATION, False, S.ACHIEVED, 100),
        ]
    elif status == S.IN_PROGRESS:
        if rng.random() < 0.6:
            steps.append(verify_first)
        if rng.random() < 0.5:
            later = min(first + rng.choice((20, 30, 40)), 90)
            steps.append(Step(K.PROGRESS, True, S.IN_PROGRESS, later))
    elif status == S.STALLED:
        if rng.random() < 0.5:
            steps.append(verify_first)
        steps.append(Step(K.STATUS_CHANGE, False, S.STALLED))
    elif status == S.DROPPED:
        steps.append(Step(K.STATUS_CHANGE, False, S.DROPPED))
    if rng.random() < 0.3:
        steps.insert(rng.randint(1, len(steps)), Step(K.COMMENT, rng.random() < 0.5))
    return steps


def _dates(rng: random.Random, count: int, start: date, today: date) -> list[date]:
    """Sorted dates after the dialogue and not in the future, one per step (a session held today
    is followed up today)."""
    days_since = (today - start).days
    if days_since < 1:
        return [start] * count
    return sorted(start + timedelta(days=1 + rng.randrange(days_since)) for _ in range(count))


def _note(kind: UpdateKind, status: OutcomeStatus | None, progress: int | None) -> str:
    if kind == UpdateKind.STATUS_CHANGE:
        return NOTES[status.value]
    return NOTES[kind.value].format(progress=progress)


def follow_up(
    rng: random.Random, status: OutcomeStatus, held_on: date, today: date
) -> FollowUpPlan:
    """A timeline that leads an outcome of a dialogue held on held_on to status by today."""
    steps = _steps_for(rng, status)
    return timeline(rng, status, steps, _dates(rng, len(steps), held_on, today))


def timeline(
    rng: random.Random, status: OutcomeStatus, steps: list[Step], dates: list[date]
) -> FollowUpPlan:
    """The updates for steps taken on dates; the outcome's progress follows from its reports."""
    updates: list[UpdatePlan] = []
    last_report: int | None = None
    reported = verified = 0
    for step, on in zip(steps, dates, strict=True):
        answers: int | None = None
        evidence: str | None = None
        if step.kind == K.PROGRESS:
            last_report, reported = len(updates), step.progress or 0
            evidence = f"https://example.org/hiwar-demo/evidence/{rng.randrange(10**6):06d}"
        elif step.kind == K.VERIFICATION:
            answers, verified = last_report, step.progress or 0
        note = _note(step.kind, step.status, step.progress)
        updates.append(
            UpdatePlan(
                step.kind,
                step.by_responsible,
                on,
                step.status,
                step.progress,
                note,
                evidence,
                answers,
            )
        )
    return FollowUpPlan(status, reported, verified, tuple(updates))
