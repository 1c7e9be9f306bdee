"""The dashboards' indicators (NOTES.md §b), computed in SQL with GROUP BY over the viewer's
visible dialogues (`visible_dialogues` narrowed by the same filters as the list): a fixed number of
queries per page whatever the number of dialogues, nothing counted in Python row by row.

Every figure counts only the dialogues that took place (app.dialogues.held); planned ones are
counted apart as upcoming. Participant figures sum only what was recorded and say how many
dialogues recorded them; for public and donor views each one goes through the disclosure rule
(app.dashboards.suppression, app.dashboards.disclosure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from app.core.labels import label
from app.dashboards import suppression
from app.dashboards.disclosure import Records
from app.dashboards.forms import DashboardFilters, months_before
from app.dashboards.suppression import Count
from app.dialogues.filters import DialogueFilters, visible_filtered
from app.dialogues.held import held_clause, upcoming_clause
from app.dialogues.models import (
    Axis,
    DatePrecision,
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
    """A set of dialogues' participants with their breakdowns, as the viewer may see them.

    Only recorded figures are summed; `dialogues` says how many dialogues the set holds and
    `recorded` how many of them recorded attendance. Shares are taken over the dialogues that
    recorded both numbers (`women_base`: the participants of the dialogues that recorded women)."""

    total: Count
    by_sex: dict[str, Count]  # women, men, not_recorded
    youth: dict[str, Count]  # youth
    by_sector: dict[str, Count]  # every sector, not_recorded
    women_base: Count = field(default_factory=lambda: Count(None))
    youth_base: Count = field(default_factory=lambda: Count(None))
    dialogues: int = 1
    recorded: int = 1  # dialogues that recorded attendance
    sex_recorded: int = 0
    youth_recorded: int = 0
    sectors_recorded: int = 0

    @property
    def share_women(self) -> str:
        return self.by_sex["women"].share_of(self.women_base)

    @property
    def share_youth(self) -> str:
        return self.youth["youth"].share_of(self.youth_base)

    @property
    def complete(self) -> bool:
        return self.recorded == self.dialogues


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
    latest: list[LatestDialogue] = field(default_factory=list)
    upcoming: int = 0  # planned dialogues on today's date or later, never inside the figures

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
    dialogue_id: int,
    total: int | None,
    women: int | None,
    men: int | None,
    youth: int | None,
    sectors: dict[str, int],
    *,
    suppressed: bool,
) -> Participants:
    """One dialogue's participants and their breakdowns (its page, the exports, the API): the
    Python twin of `_participants` for a set of one dialogue, so that a city whose only dialogue
    it is shows the same published figures. `sectors` holds the sectors recorded."""
    cell = suppression.Cells(suppressed).one

    def rest(*parts: int | None) -> int | None:
        return None if total is None else max(total - sum(p or 0 for p in parts), 0)

    return Participants(
        total=cell(total, dialogue_id, "total"),
        by_sex={
            "women": cell(women, dialogue_id, "women"),
            "men": cell(men, dialogue_id, "men"),
            NOT_RECORDED: cell(rest(women, men), dialogue_id, "sex_not_recorded"),
        },
        youth={"youth": cell(youth, dialogue_id, "youth")},
        by_sector={
            **{str(s): cell(sectors.get(str(s)), dialogue_id, f"sector:{s}") for s in Sector},
            NOT_RECORDED: cell(rest(*sectors.values()), dialogue_id, "sector_not_recorded"),
        },
        women_base=cell(total if women is not None else None, dialogue_id, "total"),
        youth_base=cell(total if youth is not None else None, dialogue_id, "total"),
        dialogues=1,
        recorded=int(total is not None),
        sex_recorded=int(women is not None or men is not None),
        youth_recorded=int(youth is not None),
        sectors_recorded=int(bool(sectors)),
    )


SELECTION_COLUMNS = (
    Dialogue.id,
    Dialogue.city_id,
    Dialogue.held_on,
    Dialogue.status,
    Dialogue.participants_total,
    Dialogue.participants_women,
    Dialogue.participants_men,
    Dialogue.participants_youth,
)


def visible_selection(
    user: Any, filters: DialogueFilters, *, today: date | None = None
) -> sa.Subquery:
    """The viewer's visible dialogues under the filters that took place (app.dialogues.held),
    with the columns we count: every dialogue-derived figure starts here."""
    return visible_filtered(user, filters, *SELECTION_COLUMNS, where=held_clause(today))


def held_and_upcoming(
    user: Any, filters: DialogueFilters, *, today: date | None = None
) -> tuple[int, int]:
    """How many of the selected dialogues took place, and how many are upcoming: one query."""
    wider = visible_filtered(
        user, filters, Dialogue.id, Dialogue.status, Dialogue.held_on, name="wider"
    )
    held, upcoming = db.session.execute(
        sa.select(
            sa.func.count(sa.case((held_clause(today, table=wider), 1))),
            sa.func.count(sa.case((upcoming_clause(today, table=wider), 1))),
        )
    ).one()
    return int(held or 0), int(upcoming or 0)


def cell_columns(expr: Any, ids: Any) -> list[Any]:
    """A figure's sum and its contributing records (those that put someone into it) in SQL:
    what app.dashboards.disclosure needs, from the same GROUP BY."""
    positive = expr > 0
    return [
        sa.func.sum(expr),
        sa.func.count(sa.case((positive, 1))),
        sa.func.sum(sa.case((positive, ids), else_=0)),
    ]


def cell_values(row: Any, start: int) -> tuple[int | None, Records]:
    value, count, id_sum = row[start : start + 3]
    return (None if value is None else int(value)), Records(int(count or 0), int(id_sum or 0))


def _participants(selected: sa.Subquery, *, suppressed: bool) -> Participants:
    """The selection's participants: two GROUP BY queries (the figures, the sectors)."""
    c = selected.c
    total, women, men, youth = (
        c.participants_total,
        c.participants_women,
        c.participants_men,
        c.participants_youth,
    )
    sector_sums = (
        sa.select(SectorCount.dialogue_id, sa.func.sum(SectorCount.count).label("people"))
        .join(selected, selected.c.id == SectorCount.dialogue_id)
        .group_by(SectorCount.dialogue_id)
        .subquery("sector_sums")
    )
    measures = {
        "total": total,
        "women": women,
        "men": men,
        "youth": youth,
        "sex_not_recorded": total - sa.func.coalesce(women, 0) - sa.func.coalesce(men, 0),
        "sector_not_recorded": total - sa.func.coalesce(sector_sums.c.people, 0),
        "women_base": sa.case((women.is_not(None), total)),
        "youth_base": sa.case((youth.is_not(None), total)),
    }
    columns = [
        sa.func.count(),
        sa.func.count(total),
        sa.func.count(sa.case((sa.or_(women.is_not(None), men.is_not(None)), 1))),
        sa.func.count(youth),
        sa.func.count(sector_sums.c.people),
    ]
    for expr in measures.values():
        columns += cell_columns(expr, c.id)
    row = db.session.execute(
        sa.select(*columns).select_from(
            selected.outerjoin(sector_sums, sector_sums.c.dialogue_id == c.id)
        )
    ).one()
    cell = suppression.Cells(suppressed)
    figures = {}
    for index, name in enumerate(measures):
        value, records = cell_values(row, 5 + 3 * index)
        # The share bases are totals over fewer dialogues: the same measure as any total.
        figures[name] = cell(value, records, "total" if name.endswith("_base") else name)
    by_sector = dict.fromkeys((str(s) for s in Sector), Count(None))
    for sector, value, count, id_sum in db.session.execute(
        sa.select(SectorCount.sector, *cell_columns(SectorCount.count, SectorCount.dialogue_id))
        .join(selected, selected.c.id == SectorCount.dialogue_id)
        .group_by(SectorCount.sector)
    ):
        by_sector[str(sector)] = cell(
            int(value), Records(int(count or 0), int(id_sum or 0)), f"sector:{sector}"
        )
    by_sector[NOT_RECORDED] = figures["sector_not_recorded"]
    return Participants(
        total=figures["total"],
        by_sex={
            "women": figures["women"],
            "men": figures["men"],
            NOT_RECORDED: figures["sex_not_recorded"],
        },
        youth={"youth": figures["youth"]},
        by_sector=by_sector,
        women_base=figures["women_base"],
        youth_base=figures["youth_base"],
        dialogues=int(row[0]),
        recorded=int(row[1]),
        sex_recorded=int(row[2]),
        youth_recorded=int(row[3]),
        sectors_recorded=int(row[4]),
    )


def place_indicators(
    user: Any, place: Place, filters: DashboardFilters, *, today: date | None = None
) -> PlaceBoard:
    """A city's or governorate's indicators over the dialogues that took place."""
    dialogue_filters = filters.dialogue_filters(place)
    selected = visible_selection(user, dialogue_filters, today=today)
    board = PlaceBoard()
    suppressed = suppression.suppresses_for(user)
    board.dialogues, board.upcoming = held_and_upcoming(user, dialogue_filters, today=today)
    board.participants = _participants(selected, suppressed=suppressed)
    _organizations(board, selected)
    board.bridging_sessions = _bridging(selected)
    _outcomes(board, selected)
    board.per_month = _per_month(selected, filters, today=today)
    board.themes = _themes(selected)
    board.priorities_by_theme = _priorities(selected)
    board.latest = _latest(selected)
    return board


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


def _per_month(
    selected: sa.Subquery, filters: DashboardFilters, *, today: date | None = None
) -> list[tuple[date, int]]:
    """Dialogues held per calendar month (zeros included), from the first month with a
    dialogue to the period's end (the current month when the period does not ask for later).
    An earlier start adds no empty months, and the end is bounded by the period's horizon
    (a year after today), so the series never grows with an unbounded period (issue 13)."""
    year = sa.extract("year", selected.c.held_on)
    month = sa.extract("month", selected.c.held_on)
    rows = db.session.execute(
        sa.select(year, month, sa.func.count()).group_by(year, month).order_by(year, month)
    ).all()
    counts = {date(int(y), int(m), 1): n for y, m, n in rows}
    if not counts:
        return []
    first = min(counts)
    last = max(filters.held_to or (today or date.today()), max(counts))
    return [(month, counts.get(month, 0)) for month in months_between(first, last)]


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


class LatestDialogue(NamedTuple):
    id: int
    title: str
    held_on: date
    city: str
    month_only: bool  # recorded with the month only: shown as "November 2026"


def _latest(selected: sa.Subquery) -> list[LatestDialogue]:
    rows = db.session.execute(
        sa.select(
            Dialogue.id,
            Dialogue.title_ar,
            Dialogue.title_en,
            Dialogue.held_on,
            Place.name_ar,
            Place.name_en,
            Dialogue.held_on_precision,
        )
        .join(selected, selected.c.id == Dialogue.id)
        .join(Place, Place.id == Dialogue.city_id)
        .order_by(Dialogue.held_on.desc(), Dialogue.id.desc())
        .limit(LATEST)
    )
    return [
        LatestDialogue(
            id_,
            localized(t_ar, t_en),
            held_on,
            localized(p_ar, p_en),
            precision == DatePrecision.MONTH,
        )
        for id_, t_ar, t_en, held_on, p_ar, p_en, precision in rows
    ]


@dataclass
class PlaceRow:
    """One city or governorate on the overview."""

    code: str
    name: str
    kind: PlaceKind
    governorate: str
    dialogues: int = 0
    recorded: int = 0  # dialogues that recorded attendance
    participants: Count = field(default_factory=lambda: Count(None))
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
    theme_id: int = 0

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
    total_recorded: int = 0  # dialogues that recorded attendance
    total_participants: Count = field(default_factory=lambda: Count(None))
    upcoming: int = 0


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
    """Every city and governorate with dialogues held, side by side; national trends."""
    today = today or date.today()
    dialogue_filters = filters.dialogue_filters()
    selected = visible_selection(user, dialogue_filters, today=today)
    cell = suppression.Cells(suppression.suppresses_for(user))
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
    # The figures of each city, summed into its governorate and the nation: cities are disjoint
    # sets of dialogues, so a sum's contributing records are the union of theirs.
    measures = ("total", "women", "women_base", "youth", "youth_base")
    gov_sums: dict[int, dict[str, list]] = {}
    national = {"total": [None, Records()]}

    def gov_of(city_id: int) -> int:
        return places[city_id][3] or city_id

    def row_for(place_id: int) -> PlaceRow:
        code, name, kind, governorate_id = places[place_id]
        governorate = places[governorate_id][1] if governorate_id in places else ""
        return PlaceRow(code=code, name=name, kind=kind, governorate=governorate)

    def add(into: dict[str, list], name: str, value: int | None, records: Records) -> None:
        sums = into.setdefault(name, [None, Records()])
        if value is not None:
            sums[0] = (sums[0] or 0) + value
        sums[1] = sums[1] + records

    c = selected.c
    total, women, youth = c.participants_total, c.participants_women, c.participants_youth
    expressions = (
        total,
        women,
        sa.case((women.is_not(None), total)),
        youth,
        sa.case((youth.is_not(None), total)),
    )
    columns = [c.city_id, sa.func.count(), sa.func.count(total)]
    for expr in expressions:
        columns += cell_columns(expr, c.id)
    for row in db.session.execute(sa.select(*columns).group_by(c.city_id)):
        city_id, dialogues, recorded = row[0], int(row[1]), int(row[2])
        city = city_rows[city_id] = row_for(city_id)
        gov_id = gov_of(city_id)
        gov = gov_rows.setdefault(gov_id, row_for(gov_id))
        figures = {}
        for index, name in enumerate(measures):
            figures[name] = cell_values(row, 3 + 3 * index)
            add(gov_sums.setdefault(gov_id, {}), name, *figures[name])
        add(national, "total", *figures["total"])
        for place_row in (city, gov):
            place_row.dialogues += dialogues
            place_row.recorded += recorded
        _shares(city, figures, cell)
    for gov_id, gov in gov_rows.items():
        _shares(gov, {name: tuple(value) for name, value in gov_sums[gov_id].items()}, cell)

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
            sa.func.sum(sa.case((overdue_clause(today), 1), else_=0)),
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

    trend_end = filters.held_to or today
    split = months_before(trend_end, TREND_MONTHS)
    start = months_before(trend_end, 2 * TREND_MONTHS)
    rising, falling = _theme_trends(selected, start, split)
    return Overview(
        rows=list(gov_rows.values()) + list(city_rows.values()),
        per_month=_per_month(selected, filters, today=today),
        rising=rising,
        falling=falling,
        trend_from=start,
        trend_split=split,
        total_dialogues=sum(row.dialogues for row in city_rows.values()),
        total_recorded=sum(row.recorded for row in city_rows.values()),
        total_participants=cell(*national["total"], "total"),
        upcoming=held_and_upcoming(user, dialogue_filters, today=today)[1],
    )


def _shares(row: PlaceRow, figures: dict[str, tuple], cell: suppression.Cells) -> None:
    """The row's participants and its shares of women and youth, each share over the dialogues
    that recorded both numbers."""
    shown = {
        name: cell(value, records, "total" if name.endswith("_base") else name)
        for name, (value, records) in figures.items()
    }
    row.participants = shown["total"]
    row.share_women = shown["women"].share_of(shown["women_base"])
    row.share_youth = shown["youth"].share_of(shown["youth_base"])


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
            Theme.id,
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
    trends = [
        ThemeTrend(localized(ar, en), now, before, theme_id)
        for theme_id, ar, en, now, before in rows
    ]
    # Ties: the theme with more recent dialogues, then the older theme; never the name, whose
    # order differs between Arabic and English.
    rising = sorted(
        (t for t in trends if t.change > 0), key=lambda t: (-t.change, -t.recent, t.theme_id)
    )
    falling = sorted(
        (t for t in trends if t.change < 0), key=lambda t: (t.change, -t.recent, t.theme_id)
    )
    return rising[:TRENDS_SHOWN], falling[:TRENDS_SHOWN]
