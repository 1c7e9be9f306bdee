"""The dashboards' indicators (NOTES.md §b), computed in SQL with GROUP BY over the viewer's
visible dialogues (`visible_dialogues` narrowed by the same filters as the list): a fixed number of
queries per page whatever the number of dialogues, nothing counted in Python row by row.

Participant counts go through app.dashboards.suppression for public and donor views. A city whose
participants are under the threshold shows "<5" and its people enter no governorate or national
total, so no total minus the cities shown gives them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.core.labels import label
from app.dashboards import suppression
from app.dashboards.forms import DashboardFilters, months_before
from app.dashboards.suppression import Count
from app.dialogues.filters import DialogueFilters, visible_filtered
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueOrganization,
    Priority,
    PriorityKind,
    Sector,
    SectorCount,
)
from app.extensions import db
from app.i18n import localized
from app.organizations.models import Organization, OrganizationKind
from app.outcomes.models import Outcome, OutcomeStatus
from app.outcomes.queries import overdue_clause
from app.places.models import Place, PlaceKind
from app.search.normalize import normalize
from app.themes.models import Theme

LATEST = 5
TOP_PRIORITY_THEMES = 8
NOT_RECORDED = "not_recorded"
# "Sessions that brought civil society and public institutions together" (NOTES.md §b output 4):
# participants from both sides of this line.
CIVIL_SECTORS = (Sector.CIVIL_SOCIETY, Sector.COMMUNITY)
INSTITUTION_SECTORS = (Sector.LOCAL_AUTHORITY, Sector.SECURITY)
# The follow-up funnel: an outcome counts at a stage when it has reached it or gone further.
FUNNEL = (
    (OutcomeStatus.PROPOSED, frozenset(OutcomeStatus) - {OutcomeStatus.DROPPED}),
    (
        OutcomeStatus.ACCEPTED,
        frozenset(
            {
                OutcomeStatus.ACCEPTED,
                OutcomeStatus.IN_PROGRESS,
                OutcomeStatus.STALLED,
                OutcomeStatus.ACHIEVED,
            }
        ),
    ),
    (
        OutcomeStatus.IN_PROGRESS,
        frozenset({OutcomeStatus.IN_PROGRESS, OutcomeStatus.STALLED, OutcomeStatus.ACHIEVED}),
    ),
    (OutcomeStatus.ACHIEVED, frozenset({OutcomeStatus.ACHIEVED})),
)


@dataclass
class Participants:
    """A set of dialogues' participants with their breakdowns, as the viewer may see them."""

    total: Count
    by_sex: dict[str, Count]  # women, men, not_recorded
    youth: dict[str, Count]  # youth, others
    by_sector: dict[str, Count]  # every sector, not_recorded

    @property
    def share_women(self) -> str:
        return self.by_sex["women"].share_of(self.total)

    @property
    def share_youth(self) -> str:
        return self.youth["youth"].share_of(self.total)


@dataclass
class PlaceBoard:
    dialogues: int = 0
    participants: Participants | None = None
    organizations_by_kind: list[tuple[OrganizationKind, int]] = field(default_factory=list)
    organizations: int = 0
    bridging_sessions: int = 0
    outcomes_by_status: dict[OutcomeStatus, int] = field(default_factory=dict)
    overdue: int = 0
    verified_outcomes: int = 0  # outcomes whose progress the organiser verified (> 0 %)
    verified_progress_sum: int = 0
    achieved_verified: int = 0
    per_month: list[tuple[date, int]] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)  # (name, dialogues)
    priorities_by_theme: list[tuple[str, dict[PriorityKind, int]]] = field(default_factory=list)
    latest: list[tuple[int, str, date, str]] = field(default_factory=list)
    small_cities: int = 0  # cities left out of the participant figures (suppressed views)

    @property
    def outcomes(self) -> int:
        return sum(self.outcomes_by_status.values())

    @property
    def outcome_counts(self) -> list[tuple[OutcomeStatus, int]]:
        return [(s, self.outcomes_by_status.get(s, 0)) for s in OutcomeStatus]

    @property
    def average_verified_progress(self) -> float | None:
        """Mean verified progress over all outcomes (0 where nothing is verified)."""
        return self.verified_progress_sum / self.outcomes / 100 if self.outcomes else None

    @property
    def share_achieved(self) -> float | None:
        return self.achieved_verified / self.outcomes if self.outcomes else None

    @property
    def funnel(self) -> list[tuple[OutcomeStatus, int]]:
        return [
            (stage, sum(n for s, n in self.outcomes_by_status.items() if s in reached))
            for stage, reached in FUNNEL
        ]

    # The same rows with their names in the viewer's language, for charts and their tables.
    @property
    def kind_rows(self) -> list[tuple[str, int]]:
        return [(label(kind), n) for kind, n in self.organizations_by_kind]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [(label(status), n) for status, n in self.outcome_counts]

    @property
    def funnel_rows(self) -> list[tuple[str, int]]:
        return [(label(stage), n) for stage, n in self.funnel]


def dialogue_participants(
    total: int, women: int, men: int, youth: int, sectors: dict[str, int], *, suppressed: bool
) -> Participants:
    """One dialogue's participants and their breakdowns (its page and the exports)."""
    whole, by_sex = suppression.breakdown(
        {"women": women, "men": men}, total, suppressed=suppressed, rest=NOT_RECORDED
    )
    _, youth_cells = suppression.breakdown(
        {"youth": youth}, total, suppressed=suppressed, rest="others"
    )
    _, by_sector = suppression.breakdown(
        {str(s): sectors.get(str(s), 0) for s in Sector},
        total,
        suppressed=suppressed,
        rest=NOT_RECORDED,
    )
    return Participants(total=whole, by_sex=by_sex, youth=youth_cells, by_sector=by_sector)


def visible_selection(user: Any, filters: DialogueFilters) -> sa.Subquery:
    """The viewer's visible dialogues under the filters, with the columns we count."""
    return visible_filtered(
        user,
        filters,
        Dialogue.id,
        Dialogue.city_id,
        Dialogue.held_on,
        Dialogue.participants_total,
        Dialogue.participants_women,
        Dialogue.participants_men,
        Dialogue.participants_youth,
    )


def city_participants(selected: sa.Subquery) -> dict[int, int]:
    """Participants per city of the selection: one GROUP BY."""
    rows = db.session.execute(
        sa.select(selected.c.city_id, sa.func.sum(selected.c.participants_total)).group_by(
            selected.c.city_id
        )
    )
    return {city_id: int(total or 0) for city_id, total in rows}


def small_city_ids(per_city: dict[int, int]) -> list[int]:
    limit = suppression.threshold()
    return sorted(city for city, total in per_city.items() if 0 < total < limit)


def _participants(selected: sa.Subquery, *, suppressed: bool, leave_out: list[int]) -> Participants:
    counted = sa.select(selected).where(selected.c.city_id.not_in(leave_out)).subquery("counted")
    total, women, men, youth = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(counted.c.participants_total), 0),
            sa.func.coalesce(sa.func.sum(counted.c.participants_women), 0),
            sa.func.coalesce(sa.func.sum(counted.c.participants_men), 0),
            sa.func.coalesce(sa.func.sum(counted.c.participants_youth), 0),
        )
    ).one()
    sectors = dict.fromkeys((str(s) for s in Sector), 0)
    for sector, count in db.session.execute(
        sa.select(SectorCount.sector, sa.func.sum(SectorCount.count))
        .join(counted, counted.c.id == SectorCount.dialogue_id)
        .group_by(SectorCount.sector)
    ):
        sectors[str(sector)] = int(count or 0)
    return dialogue_participants(
        int(total), int(women), int(men), int(youth), sectors, suppressed=suppressed
    )


def place_indicators(user: Any, place: Place, filters: DashboardFilters) -> PlaceBoard:
    """Every indicator of a city's or a governorate's dashboard, for this viewer."""
    selected = visible_selection(user, filters.dialogue_filters(place))
    board = PlaceBoard()
    suppressed = suppression.suppresses_for(user)
    per_city = city_participants(selected)
    board.dialogues = _count(selected)
    leave_out = small_city_ids(per_city) if suppressed and len(per_city) > 1 else []
    board.small_cities = len(leave_out)
    board.participants = _participants(selected, suppressed=suppressed, leave_out=leave_out)
    _organizations(board, selected)
    board.bridging_sessions = _bridging(selected)
    _outcomes(board, selected)
    board.per_month = _per_month(selected, filters)
    board.themes = _themes(selected)
    board.priorities_by_theme = _priorities(selected)
    board.latest = _latest(selected)
    return board


def _count(selected: sa.Subquery) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(selected)) or 0


def _organizations(board: PlaceBoard, selected: sa.Subquery) -> None:
    """Organisations engaged: organisers and every linked organisation, each counted once."""
    involved = sa.union(
        sa.select(Dialogue.organizer_org_id.label("org_id")).join(
            selected, selected.c.id == Dialogue.id
        ),
        sa.select(DialogueOrganization.organization_id.label("org_id")).join(
            selected, selected.c.id == DialogueOrganization.dialogue_id
        ),
    ).subquery("involved")
    rows = db.session.execute(
        sa.select(Organization.kind, sa.func.count(Organization.id))
        .join(involved, involved.c.org_id == Organization.id)
        .group_by(Organization.kind)
    ).all()
    board.organizations_by_kind = sorted(
        ((OrganizationKind(kind), count) for kind, count in rows), key=lambda row: -row[1]
    )
    board.organizations = sum(count for _, count in rows)


def _bridging(selected: sa.Subquery) -> int:
    def present(sectors: tuple[Sector, ...]) -> sa.Exists:
        return sa.exists().where(
            SectorCount.dialogue_id == selected.c.id,
            SectorCount.sector.in_(sectors),
            SectorCount.count > 0,
        )

    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .where(present(CIVIL_SECTORS), present(INSTITUTION_SECTORS))
            .select_from(selected)
        )
        or 0
    )


def _outcomes(board: PlaceBoard, selected: sa.Subquery) -> None:
    achieved = sa.and_(Outcome.status == OutcomeStatus.ACHIEVED, Outcome.progress_verified == 100)
    rows = db.session.execute(
        sa.select(
            Outcome.status,
            sa.func.count(Outcome.id),
            sa.func.sum(sa.case((overdue_clause(date.today()), 1), else_=0)),
            sa.func.sum(sa.case((Outcome.progress_verified > 0, 1), else_=0)),
            sa.func.sum(Outcome.progress_verified),
            sa.func.sum(sa.case((achieved, 1), else_=0)),
        )
        .join(selected, selected.c.id == Outcome.dialogue_id)
        .group_by(Outcome.status)
    )
    for status, count, overdue, verified, progress, achieved_verified in rows:
        board.outcomes_by_status[OutcomeStatus(status)] = count
        board.overdue += int(overdue or 0)
        board.verified_outcomes += int(verified or 0)
        board.verified_progress_sum += int(progress or 0)
        board.achieved_verified += int(achieved_verified or 0)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    months, current = [], _month_start(first)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


def _per_month(selected: sa.Subquery, filters: DashboardFilters) -> list[tuple[date, int]]:
    """Dialogues per calendar month, from the first month with a dialogue to the last (zeros
    between): its length depends on the dialogues found, never on the period asked for."""
    year = sa.extract("year", selected.c.held_on)
    month = sa.extract("month", selected.c.held_on)
    rows = db.session.execute(
        sa.select(year, month, sa.func.count()).group_by(year, month).order_by(year, month)
    ).all()
    counts = {date(int(y), int(m), 1): n for y, m, n in rows}
    if not counts:
        return []
    return [(month, counts.get(month, 0)) for month in months_between(min(counts), max(counts))]


def _themes(selected: sa.Subquery) -> list[tuple[str, int]]:
    """Themes discussed: dialogues with at least one axis on the theme, most discussed first."""
    discussed = sa.func.count(sa.distinct(Axis.dialogue_id))
    rows = db.session.execute(
        sa.select(Theme.name_ar, Theme.name_en, discussed)
        .join(Axis, Axis.theme_id == Theme.id)
        .join(selected, selected.c.id == Axis.dialogue_id)
        .group_by(Theme.id, Theme.name_ar, Theme.name_en)
        .order_by(discussed.desc(), Theme.id)
    )
    return [(localized(ar, en), n) for ar, en, n in rows]


def _priorities(selected: sa.Subquery) -> list[tuple[str, dict[PriorityKind, int]]]:
    """Concerns, gaps, risks and priorities raised, by theme; the themes raised most first."""
    rows = db.session.execute(
        sa.select(Theme.id, Theme.name_ar, Theme.name_en, Priority.kind, sa.func.count(Priority.id))
        .join(Priority, Priority.theme_id == Theme.id)
        .join(selected, selected.c.id == Priority.dialogue_id)
        .group_by(Theme.id, Theme.name_ar, Theme.name_en, Priority.kind)
    )
    by_theme: dict[int, tuple[str, dict[PriorityKind, int]]] = {}
    for theme_id, ar, en, kind, count in rows:
        by_theme.setdefault(theme_id, (localized(ar, en), {}))[1][PriorityKind(kind)] = count
    ranked = sorted(by_theme.items(), key=lambda item: (-sum(item[1][1].values()), item[0]))
    return [entry for _, entry in ranked[:TOP_PRIORITY_THEMES]]


def _latest(selected: sa.Subquery) -> list[tuple[int, str, date, str]]:
    rows = db.session.execute(
        sa.select(
            Dialogue.id,
            Dialogue.title_ar,
            Dialogue.title_en,
            Dialogue.held_on,
            Place.name_ar,
            Place.name_en,
        )
        .join(selected, selected.c.id == Dialogue.id)
        .join(Place, Place.id == Dialogue.city_id)
        .order_by(Dialogue.held_on.desc(), Dialogue.id.desc())
        .limit(LATEST)
    )
    return [
        (id_, localized(t_ar, t_en), held_on, localized(p_ar, p_en))
        for id_, t_ar, t_en, held_on, p_ar, p_en in rows
    ]


@dataclass
class PlaceRow:
    """One city or governorate on the overview."""

    code: str
    name: str
    kind: PlaceKind
    governorate: str
    dialogues: int = 0
    participants: Count = field(default_factory=lambda: Count(0))
    share_women: str = "–"
    share_youth: str = "–"
    organizations: int = 0
    outcomes: int = 0
    achieved_verified: int = 0
    overdue: int = 0

    @property
    def share_achieved(self) -> float | None:
        return self.achieved_verified / self.outcomes if self.outcomes else None

    def sort_value(self, key: str) -> Any:
        if key == "name":
            return normalize(self.name)
        if key == "participants":
            return self.participants.value if self.participants.shown else -1
        if key == "achieved":
            return -1 if self.share_achieved is None else self.share_achieved
        return getattr(self, key)


@dataclass
class ThemeTrend:
    name: str
    recent: int
    before: int

    @property
    def change(self) -> int:
        return self.recent - self.before


@dataclass
class Overview:
    rows: list[PlaceRow]
    per_month: list[tuple[date, int]]
    rising: list[ThemeTrend]
    falling: list[ThemeTrend]
    trend_from: date
    trend_split: date
    total_dialogues: int = 0
    total_participants: Count = field(default_factory=lambda: Count(0))


SORT_KEYS = (
    "name",
    "dialogues",
    "participants",
    "organizations",
    "outcomes",
    "achieved",
    "overdue",
)
TREND_MONTHS = 6
TRENDS_SHOWN = 5


def overview(user: Any, filters: DashboardFilters, *, today: date | None = None) -> Overview:
    """Every city and governorate with visible dialogues, side by side; national trends."""
    selected = visible_selection(user, filters.dialogue_filters())
    suppressed = suppression.suppresses_for(user)
    limit = suppression.threshold()
    places = {
        place_id: (code, localized(ar, en), PlaceKind(kind), governorate_id)
        for place_id, code, ar, en, kind, governorate_id in db.session.execute(
            sa.select(
                Place.id, Place.code, Place.name_ar, Place.name_en, Place.kind, Place.governorate_id
            ).where(Place.kind != PlaceKind.DISTRICT)
        )
    }
    city_rows: dict[int, PlaceRow] = {}
    gov_rows: dict[int, PlaceRow] = {}
    gov_sums: dict[int, list[int]] = {}  # participants, women, youth of the cities counted
    national = [0, 0]  # dialogues, participants counted

    def gov_of(city_id: int) -> int:
        return places[city_id][3] or city_id

    def row_for(place_id: int) -> PlaceRow:
        code, name, kind, governorate_id = places[place_id]
        governorate = places[governorate_id][1] if governorate_id in places else ""
        return PlaceRow(code=code, name=name, kind=kind, governorate=governorate)

    for city_id, dialogues, total, women, youth in db.session.execute(
        sa.select(
            selected.c.city_id,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(selected.c.participants_total), 0),
            sa.func.coalesce(sa.func.sum(selected.c.participants_women), 0),
            sa.func.coalesce(sa.func.sum(selected.c.participants_youth), 0),
        ).group_by(selected.c.city_id)
    ):
        row = city_rows[city_id] = row_for(city_id)
        row.dialogues = dialogues
        _shares(row, int(total), int(women), int(youth), suppressed)
        gov_id = gov_of(city_id)
        gov = gov_rows.setdefault(gov_id, row_for(gov_id))
        gov.dialogues += dialogues
        national[0] += dialogues
        if suppressed and 0 < total < limit:
            continue  # a small city's people enter no total
        sums = gov_sums.setdefault(gov_id, [0, 0, 0])
        sums[0] += int(total)
        sums[1] += int(women)
        sums[2] += int(youth)
        national[1] += int(total)
    for gov_id, gov in gov_rows.items():
        total, women, youth = gov_sums.get(gov_id, [0, 0, 0])
        _shares(gov, total, women, youth, suppressed)

    # Each query below reads what is committed when it runs: a dialogue saved meanwhile (by
    # another request, on any server) may appear in a city the count above did not list. It is
    # left out here and counted on the next page load.
    # Organisations engaged: the distinct (city, organisation) pairs come from SQL in one query;
    # a governorate counts each organisation once however many of its cities it worked in.
    involved = _involved(selected)
    city_orgs: dict[int, set[int]] = {}
    gov_orgs: dict[int, set[int]] = {}
    for city_id, org_id in db.session.execute(sa.select(involved.c.city_id, involved.c.org_id)):
        if city_id not in city_rows:
            continue
        city_orgs.setdefault(city_id, set()).add(org_id)
        gov_orgs.setdefault(gov_of(city_id), set()).add(org_id)
    for city_id, orgs in city_orgs.items():
        city_rows[city_id].organizations = len(orgs)
    for gov_id, orgs in gov_orgs.items():
        gov_rows[gov_id].organizations = len(orgs)

    achieved = sa.and_(Outcome.status == OutcomeStatus.ACHIEVED, Outcome.progress_verified == 100)
    for city_id, count, achieved_verified, overdue in db.session.execute(
        sa.select(
            selected.c.city_id,
            sa.func.count(Outcome.id),
            sa.func.sum(sa.case((achieved, 1), else_=0)),
            sa.func.sum(sa.case((overdue_clause(today or date.today()), 1), else_=0)),
        )
        .join(selected, selected.c.id == Outcome.dialogue_id)
        .group_by(selected.c.city_id)
    ):
        if city_id not in city_rows:
            continue
        for row in (city_rows[city_id], gov_rows[gov_of(city_id)]):
            row.outcomes += count
            row.achieved_verified += int(achieved_verified or 0)
            row.overdue += int(overdue or 0)

    today = today or date.today()
    trend_end = filters.held_to or today
    split = months_before(trend_end, TREND_MONTHS)
    start = months_before(trend_end, 2 * TREND_MONTHS)
    rising, falling = _theme_trends(selected, start, split)
    return Overview(
        rows=list(gov_rows.values()) + list(city_rows.values()),
        per_month=_per_month(selected, filters),
        rising=rising,
        falling=falling,
        trend_from=start,
        trend_split=split,
        total_dialogues=national[0],
        total_participants=suppression.total(national[1], suppressed=suppressed),
    )


def _shares(row: PlaceRow, total: int, women: int, youth: int, suppressed: bool) -> None:
    row.participants, sex = suppression.breakdown(
        {"women": women}, total, suppressed=suppressed, rest="others"
    )
    _, young = suppression.breakdown({"youth": youth}, total, suppressed=suppressed, rest="others")
    row.share_women = sex["women"].share_of(row.participants)
    row.share_youth = young["youth"].share_of(row.participants)


def _involved(selected: sa.Subquery) -> sa.Subquery:
    """(city, organisation) for every organiser and linked organisation of the selection."""
    return sa.union(
        sa.select(selected.c.city_id, Dialogue.organizer_org_id.label("org_id")).join(
            Dialogue, Dialogue.id == selected.c.id
        ),
        sa.select(selected.c.city_id, DialogueOrganization.organization_id.label("org_id")).join(
            DialogueOrganization, DialogueOrganization.dialogue_id == selected.c.id
        ),
    ).subquery("involved")


def _theme_trends(
    selected: sa.Subquery, start: date, split: date
) -> tuple[list[ThemeTrend], list[ThemeTrend]]:
    """Dialogues per theme (from axes) in the last months against the months before them."""
    rows = db.session.execute(
        sa.select(
            Theme.name_ar,
            Theme.name_en,
            sa.func.count(sa.distinct(sa.case((selected.c.held_on >= split, Axis.dialogue_id)))),
            sa.func.count(sa.distinct(sa.case((selected.c.held_on < split, Axis.dialogue_id)))),
        )
        .join(Axis, Axis.theme_id == Theme.id)
        .join(selected, selected.c.id == Axis.dialogue_id)
        .where(selected.c.held_on >= start)
        .group_by(Theme.id, Theme.name_ar, Theme.name_en)
    )
    trends = [ThemeTrend(localized(ar, en), now, before) for ar, en, now, before in rows]
    rising = sorted((t for t in trends if t.change > 0), key=lambda t: (-t.change, t.name))
    falling = sorted((t for t in trends if t.change < 0), key=lambda t: (t.change, t.name))
    return rising[:TRENDS_SHOWN], falling[:TRENDS_SHOWN]
