"""`add_synthetic_dialogues(n)`: many plausible dialogues, for load tests and busy dashboards.

Drafts come from one seeded generator and are written in batches by app.demo.bulk. The same seed
gives the same dialogues (on the same day: dates are relative to today).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from app.audit import services as audit
from app.demo import plans
from app.demo.builder import FORMAT_AR, FORMAT_EN, START_HOURS, VENUES, summaries
from app.demo.bulk import Draft, Row, SyntheticReport, insert_batch
from app.demo.phrases import phrases_for
from app.demo.specs import REPORTED_AFTER_DAYS
from app.demo.synthetic_context import Context, ThemeRef, load_context
from app.dialogues.models import (
    DialogueFormat,
    DialogueStatus,
    LinkRole,
    Visibility,
)
from app.extensions import db
from app.search.indexing import build_search_text

SYNTHETIC_SEED = 2026
BATCH_SIZE = 1000
DAYS_BACK = 3 * 365

FORMAT_WEIGHTS = {
    DialogueFormat.SESSION: 45,
    DialogueFormat.WORKSHOP: 20,
    DialogueFormat.ROUNDTABLE: 12,
    DialogueFormat.CONSULTATION: 12,
    DialogueFormat.FORUM: 5,
    DialogueFormat.ONLINE: 6,
}
VISIBILITY_WEIGHTS = {
    Visibility.PUBLIC: 40,
    Visibility.DONORS: 25,
    Visibility.PARTNERS: 25,
    Visibility.INTERNAL: 10,
}

Progress = Callable[[int], None]


PARTICIPANT_COLUMNS = (
    "participants_total",
    "participants_women",
    "participants_men",
    "participants_youth",
)


def add_synthetic_dialogues(
    count: int,
    *,
    seed: int = SYNTHETIC_SEED,
    today: date | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> SyntheticReport:
    """Insert count synthetic dialogues; needs the demo's organisations (load_demo() first)."""
    today = today or date.today()
    rng = random.Random(seed)
    context = load_context()
    report = SyntheticReport()
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        drafts = [_draft(rng, context, today) for _ in range(size)]
        insert_batch(drafts, context.staff, report)
        if progress is not None:
            progress(size)
    audit.record("demo_synthetic", entity_type="system", changes={"dialogues": count, "seed": seed})
    db.session.flush()
    return report


def _draft(rng: random.Random, context: Context, today: date) -> Draft:
    city = rng.choices(context.cities, weights=context.city_weights)[0]
    organizer = rng.choices(context.organizers, weights=context.organizer_weights)[0]
    themes = _distinct(rng, context.themes, context.theme_weights, rng.randint(2, 4))
    format_ = rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
    days_ago = -rng.randint(1, 90) if rng.random() < 0.04 else rng.randint(0, DAYS_BACK)
    held_on = today - timedelta(days=days_ago)
    status = _status(rng, days_ago)
    visibility = rng.choices(list(VISIBILITY_WEIGHTS), weights=list(VISIBILITY_WEIGHTS.values()))[0]
    lead = themes[0]
    title_en = f"{FORMAT_EN[format_]} on {lead.name_en.lower()} in {city.name_en}"
    title_ar = f"{FORMAT_AR[format_]} حول {lead.name_ar} في {city.name_ar}"
    axis_titles = [phrases_for(t.code, t.name_ar).axis for t in themes]
    summary_ar, summary_en = summaries(format_, city, organizer, axis_titles, themes)
    venue = None if format_ == DialogueFormat.ONLINE else rng.choice(VENUES)
    created = datetime.combine(min(held_on, today) - timedelta(days=rng.randint(3, 30)), time(9))
    counts = plans.attendance(rng, 0 if status == DialogueStatus.PLANNED else rng.randint(12, 90))
    draft = Draft(
        dialogue={
            "title_en": title_en,
            "title_ar": title_ar,
            "format": format_,
            "held_on": held_on,
            "starts_at": time(rng.choice(START_HOURS)),
            "city_id": city.id,
            "venue": venue,
            "organizer_org_id": organizer.id,
            "summary_ar": summary_ar,
            "summary_en": summary_en,
            "status": status,
            "visibility": visibility,
            # A planned dialogue has no attendance yet: not recorded, not 0.
            **(
                dict.fromkeys(PARTICIPANT_COLUMNS)
                if status == DialogueStatus.PLANNED
                else {
                    "participants_total": counts.total,
                    "participants_women": counts.women,
                    "participants_men": counts.men,
                    "participants_youth": counts.youth,
                }
            ),
            "created_by_id": context.staff.get(organizer.id),
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
    )
    draft.axes = [
        {"position": position, "title": title, "theme_id": theme.id}
        for position, (title, theme) in enumerate(zip(axis_titles, themes, strict=True), start=1)
    ]
    draft.links = _links(rng, context, organizer.id)
    draft.sectors = [{"sector": s, "count": n} for s, n in counts.sectors.items()]
    if status != DialogueStatus.PLANNED:
        _add_priorities_and_outcomes(rng, draft, themes, held_on, today, days_ago)
    draft.dialogue["search_text"] = build_search_text(
        titles=(title_ar, title_en),
        summaries=(summary_ar, summary_en),
        axes=axis_titles,
        priorities=(row["text"] for row in draft.priorities),
        outcomes=(row["text"] for row, *_ in draft.outcomes),
        venue=venue,
    )
    return draft


def _status(rng: random.Random, days_ago: int) -> DialogueStatus:
    if days_ago < 0:
        return DialogueStatus.PLANNED
    if days_ago < REPORTED_AFTER_DAYS or rng.random() < 0.15:
        return DialogueStatus.HELD
    return DialogueStatus.REPORTED


def _distinct(
    rng: random.Random, themes: list[ThemeRef], weights: list[int], k: int
) -> list[ThemeRef]:
    """k different themes (fewer if there are not that many), drawn by weight."""
    chosen: dict[int, ThemeRef] = {}
    while len(chosen) < min(k, len(themes)):
        theme = rng.choices(themes, weights=weights)[0]
        chosen.setdefault(theme.id, theme)
    return list(chosen.values())


def _links(rng: random.Random, context: Context, organizer_id: int) -> list[Row]:
    others = [org.id for org in context.linkable if org.id != organizer_id]
    linked = rng.sample(others, rng.randint(1, 3))
    rows = [
        {"organization_id": org_id, "role": rng.choice((LinkRole.PARTNER, LinkRole.PARTICIPANT))}
        for org_id in linked
    ]
    if context.donor_id is not None and rng.random() < 0.5:
        rows.append({"organization_id": context.donor_id, "role": LinkRole.FUNDER})
    return rows


def _add_priorities_and_outcomes(
    rng: random.Random,
    draft: Draft,
    themes: list[ThemeRef],
    held_on: date,
    today: date,
    days_ago: int,
) -> None:
    raised = [
        (theme, kind, text)
        for theme in themes
        for kind, text in phrases_for(theme.code, theme.name_ar).priorities
    ]
    picked = rng.sample(raised, min(len(raised), rng.randint(2, 3)))
    for rank, (theme, kind, text) in enumerate(picked, start=1):
        draft.priorities.append({"kind": kind, "text": text, "theme_id": theme.id, "rank": rank})
    responsible = [row["organization_id"] for row in draft.links if row["role"] != LinkRole.FUNDER]
    responsible.append(draft.dialogue["organizer_org_id"])
    for theme in rng.sample(themes, rng.randint(1, min(3, len(themes)))):
        kind, text = rng.choice(phrases_for(theme.code, theme.name_ar).outcomes)
        plan = plans.follow_up(rng, plans.status_for_age(rng, days_ago), held_on, today)
        org_id = rng.choice(responsible)
        last_change = plan.updates[-1].on if plan.updates else held_on
        row = {
            "kind": kind,
            "text": text,
            "theme_id": theme.id,
            "responsible_org_id": org_id,
            "due_on": plans.due_date(rng, held_on),
            "status": plan.status,
            "progress_reported": plan.progress_reported,
            "progress_verified": plan.progress_verified,
            "created_at": datetime.combine(held_on, time(18)),
            "updated_at": datetime.combine(last_change, time(18)),
            "version": 1,
        }
        draft.outcomes.append((row, plan, org_id))
