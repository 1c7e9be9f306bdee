"""City aggregates for the map: a fixed number of GROUP BY queries, whatever the dialogue count.

Every number comes from `visible_dialogues(user)` narrowed by `apply_filters`: the map counts
only what the viewer may see, and nothing is loaded dialogue by dialogue.

Share achieved: outcomes whose status is "achieved" AND whose progress the organiser verified at
100 %, over all the city's outcomes (dropped ones included: a dropped outcome was not achieved).
A city without outcomes has no share (None), shown as "no outcomes yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.dialogues.filters import DialogueFilters, apply_filters
from app.dialogues.models import Axis, Dialogue
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.i18n import localized
from app.outcomes.models import Outcome, OutcomeStatus
from app.places.models import Place
from app.themes.models import Theme

TOP_THEMES = 3


@dataclass
class CityAggregate:
    """What the map and its table show for one city."""

    city_id: int
    name_ar: str
    name_en: str
    lat: float | None
    lon: float | None
    dialogues: int = 0
    participants: int = 0
    outcomes_by_status: dict[OutcomeStatus, int] = field(default_factory=dict)
    achieved_verified: int = 0
    # (theme id, Arabic name, English name, number of dialogues with an axis on it), best first
    themes: list[tuple[int, str, str, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return localized(self.name_ar, self.name_en)

    @property
    def outcomes(self) -> int:
        return sum(self.outcomes_by_status.values())

    @property
    def outcome_counts(self) -> list[tuple[OutcomeStatus, int]]:
        """(status, count) in the statuses' own order, for the statuses that occur."""
        return [
            (s, self.outcomes_by_status[s]) for s in OutcomeStatus if s in self.outcomes_by_status
        ]

    @property
    def share_achieved(self) -> float | None:
        """Verified achieved outcomes over all outcomes; None without outcomes."""
        return self.achieved_verified / self.outcomes if self.outcomes else None

    @property
    def top_theme(self) -> str | None:
        return localized(*self.themes[0][1:3]) if self.themes else None

    @property
    def top_themes(self) -> list[str]:
        return [localized(ar, en) for _, ar, en, _ in self.themes[:TOP_THEMES]]


def _visible_ids(user: Any, filters: DialogueFilters) -> sa.Subquery:
    """The visible, filtered dialogues as (id, city_id, participants_total) rows, in SQL."""
    stmt = apply_filters(visible_dialogues(user), filters)
    return stmt.with_only_columns(
        Dialogue.id, Dialogue.city_id, Dialogue.participants_total
    ).subquery("visible")


def city_aggregates(user: Any, filters: DialogueFilters) -> list[CityAggregate]:
    """Per city with at least one visible dialogue: counts, outcomes by status, top themes.
    Three GROUP BY queries (plus the search's place lookup when a search is set)."""
    visible = _visible_ids(user, filters)
    rows = db.session.execute(
        sa.select(
            Place.id,
            Place.name_ar,
            Place.name_en,
            Place.lat,
            Place.lon,
            sa.func.count(visible.c.id),
            sa.func.coalesce(sa.func.sum(visible.c.participants_total), 0),
        )
        .join(visible, visible.c.city_id == Place.id)
        .group_by(Place.id, Place.name_ar, Place.name_en, Place.lat, Place.lon)
    ).all()
    cities = {
        row[0]: CityAggregate(
            city_id=row[0],
            name_ar=row[1],
            name_en=row[2],
            lat=row[3],
            lon=row[4],
            dialogues=row[5],
            participants=int(row[6]),
        )
        for row in rows
    }
    if not cities:
        return []

    verified = sa.and_(Outcome.status == OutcomeStatus.ACHIEVED, Outcome.progress_verified == 100)
    outcome_rows = db.session.execute(
        sa.select(
            visible.c.city_id,
            Outcome.status,
            sa.func.count(Outcome.id),
            sa.func.sum(sa.case((verified, 1), else_=0)),
        )
        .join(visible, visible.c.id == Outcome.dialogue_id)
        .group_by(visible.c.city_id, Outcome.status)
    ).all()
    for city_id, status, count, achieved in outcome_rows:
        city = cities[city_id]
        city.outcomes_by_status[OutcomeStatus(status)] = count
        city.achieved_verified += int(achieved or 0)

    discussed = sa.func.count(sa.distinct(Axis.dialogue_id))
    theme_rows = db.session.execute(
        sa.select(visible.c.city_id, Theme.id, Theme.name_ar, Theme.name_en, discussed)
        .join(visible, visible.c.id == Axis.dialogue_id)
        .join(Theme, Theme.id == Axis.theme_id)
        .group_by(visible.c.city_id, Theme.id, Theme.name_ar, Theme.name_en)
    ).all()
    for city_id, theme_id, name_ar, name_en, count in theme_rows:
        cities[city_id].themes.append((theme_id, name_ar, name_en, count))
    for city in cities.values():
        city.themes.sort(key=lambda theme: (-theme[3], theme[0]))  # ties: the older theme

    return sorted(cities.values(), key=lambda city: (-city.dialogues, city.city_id))
