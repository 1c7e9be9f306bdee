"""City aggregates for the map: a fixed number of GROUP BY queries, whatever the dialogue count.

Every number comes from `visible_dialogues(user)` narrowed by `apply_filters`: the map counts
only what the viewer may see, and nothing is loaded dialogue by dialogue. The cities' figures
count the dialogues that took place (app.dialogues.held); the points layer shows every visible
dialogue, planned ones included, as the list does.

Share achieved: outcomes whose status is "achieved" AND whose progress the organiser verified at
100 %, over all the city's outcomes (dropped ones included: a dropped outcome was not achieved).
A city without outcomes has no share (None), shown as "no outcomes yet".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.dashboards import suppression
from app.dashboards.indicators import cell_columns, cell_values
from app.dashboards.suppression import Count
from app.dialogues.filters import DialogueFilters, apply_filters, visible_filtered
from app.dialogues.held import held_clause
from app.dialogues.models import Axis, Dialogue
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.i18n import localized
from app.organizations.models import Organization
from app.outcomes.models import Outcome, OutcomeStatus
from app.places.models import Place, PlaceKind
from app.themes.models import Theme

TOP_THEMES = 3


@dataclass
class CityAggregate:
    """What the map and its table show for one city."""

    city_id: int
    code: str
    name_ar: str
    name_en: str
    lat: float | None
    lon: float | None
    dialogues: int = 0  # held (app.dialogues.held): planned ones are not on the city's figures
    participants: int = 0  # exact, recorded ones only: for sizes and colours, never shown
    # What the viewer may see of `participants` (rounded, "<5", or "not recorded" for the
    # public and donors; app.dashboards.suppression).
    participants_shown: Count = field(default_factory=lambda: Count(None))
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


def city_aggregates(user: Any, filters: DialogueFilters) -> list[CityAggregate]:
    """Per city with at least one visible dialogue: counts, outcomes by status, top themes.
    Three GROUP BY queries (plus the search's place lookup when a search is set)."""
    visible = visible_filtered(
        user,
        filters,
        Dialogue.id,
        Dialogue.city_id,
        Dialogue.participants_total,
        name="visible",
        where=held_clause(),
    )
    cell = suppression.Cells(suppression.suppresses_for(user))
    rows = db.session.execute(
        sa.select(
            Place.id,
            Place.code,
            Place.name_ar,
            Place.name_en,
            Place.lat,
            Place.lon,
            sa.func.count(visible.c.id),
            *cell_columns(visible.c.participants_total, visible.c.id),
        )
        .join(visible, visible.c.city_id == Place.id)
        .group_by(Place.id, Place.code, Place.name_ar, Place.name_en, Place.lat, Place.lon)
    ).all()
    cities = {}
    for row in rows:
        city_id, code, name_ar, name_en, lat, lon, dialogues = row[:7]
        participants, records = cell_values(row, 7)
        cities[city_id] = CityAggregate(
            city_id=city_id,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            lat=lat,
            lon=lon,
            dialogues=dialogues,
            participants=participants or 0,
            participants_shown=cell(participants, records, "total"),
        )
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
    # Each query reads what is committed when it runs: a dialogue saved meanwhile (by another
    # request, on any server) may appear in a city the first query did not list. It is left out
    # here and counted on the next page load.
    for city_id, status, count, achieved in outcome_rows:
        city = cities.get(city_id)
        if city is None:
            continue
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
        if city_id in cities:
            cities[city_id].themes.append((theme_id, name_ar, name_en, count))
    for city in cities.values():
        city.themes.sort(key=lambda theme: (-theme[3], theme[0]))  # ties: the older theme

    return sorted(cities.values(), key=lambda city: (-city.dialogues, city.city_id))


# A city's dialogues sit on a golden-angle spiral around the city's point, so that they can be told
# apart when zoomed in. The step is small (about 200 m) so that a dialogue never looks like it
# belongs to the next town; at the map's highest zoom MarkerCluster spreads what still overlaps.
NUDGE_STEP = 0.002
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def nudge(lat: float, lon: float, rank: int) -> tuple[float, float]:
    """The rank-th point of a spiral around (lat, lon); rank 0 is the city's point itself."""
    if rank == 0:
        return lat, lon
    radius = NUDGE_STEP * math.sqrt(rank)
    angle = rank * GOLDEN_ANGLE
    return (
        round(lat + radius * math.sin(angle), 5),
        round(lon + radius * math.cos(angle) / math.cos(math.radians(lat)), 5),
    )


@dataclass
class DialoguePoints:
    """The visible dialogues as compact rows for the cluster layer: no HTML, no per-row URLs.
    rows: [id, lat, lon, title, held_on (ISO), organisation index, exact (1 = the venue)]"""

    organizations: list[str]
    rows: list[list]


def dialogue_points(user: Any, filters: DialogueFilters) -> DialoguePoints:
    """One query. Venue coordinates leave the database only for the organiser's own staff;
    everyone else gets the city's point, nudged."""
    signed_in = getattr(user, "is_authenticated", False)
    staff_org = getattr(user, "organization_id", None) if signed_in else None
    own_venue = sa.and_(
        Dialogue.organizer_org_id == staff_org,
        Dialogue.venue_lat.is_not(None),
        Dialogue.venue_lon.is_not(None),
    )
    stmt = (
        apply_filters(visible_dialogues(user), filters)
        .join(Place, Place.id == Dialogue.city_id)
        .join(Organization, Organization.id == Dialogue.organizer_org_id)
        .where(Place.lat.is_not(None), Place.lon.is_not(None))
        .with_only_columns(
            Dialogue.id,
            Dialogue.city_id,
            Place.lat,
            Place.lon,
            sa.case((own_venue, Dialogue.venue_lat)) if staff_org else sa.null(),
            sa.case((own_venue, Dialogue.venue_lon)) if staff_org else sa.null(),
            Dialogue.title_ar,
            Dialogue.title_en,
            Dialogue.held_on,
            Organization.id,
            Organization.name_ar,
            Organization.name_en,
        )
        .order_by(None)
        .order_by(Dialogue.city_id, Dialogue.id)
    )
    organizations: dict[int, int] = {}
    names: list[str] = []
    rows: list[list] = []
    rank, last_city = 0, None
    for (
        dialogue_id,
        city_id,
        city_lat,
        city_lon,
        venue_lat,
        venue_lon,
        title_ar,
        title_en,
        held_on,
        org_id,
        org_ar,
        org_en,
    ) in db.session.execute(stmt):
        rank = rank + 1 if city_id == last_city else 0
        last_city = city_id
        if org_id not in organizations:
            organizations[org_id] = len(names)
            names.append(localized(org_ar, org_en))
        if venue_lat is not None:
            lat, lon, exact = venue_lat, venue_lon, 1
        else:
            (lat, lon), exact = nudge(city_lat, city_lon, rank), 0
        title = localized(title_ar, title_en)
        rows.append(
            [dialogue_id, lat, lon, title, held_on.isoformat(), organizations[org_id], exact]
        )
    return DialoguePoints(organizations=names, rows=rows)


@dataclass(frozen=True)
class Label:
    """A place name written on the map (governorates on a plain background)."""

    name: str
    lat: float
    lon: float


def governorate_labels() -> list[Label]:
    """The governorates' names at their points, written on a map without tiles."""
    rows = db.session.execute(
        sa.select(Place.name_ar, Place.name_en, Place.lat, Place.lon).where(
            Place.kind == PlaceKind.GOVERNORATE, Place.lat.is_not(None), Place.lon.is_not(None)
        )
    )
    return [Label(name=localized(ar, en), lat=lat, lon=lon) for ar, en, lat, lon in rows]
