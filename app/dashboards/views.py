from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.dashboards import indicators, suppression
from app.dashboards.forms import DashboardFilterForm, DashboardFilters
from app.dialogues.models import PriorityKind
from app.extensions import db
from app.maps import rendering, static_map
from app.places.models import Place, PlaceKind

bp = Blueprint("dashboards", __name__)


def _place(code: str) -> Place:
    place = db.session.scalar(db.select(Place).where(Place.code == code))
    if place is None or place.kind == PlaceKind.DISTRICT:
        abort(404)
    return place


def _small_map(place: Place) -> rendering.RenderedMap | None:
    if place.lat is None or place.lon is None:
        return None
    return rendering.render_small_map(
        current_app.config["MAP_TILES"],
        lat=place.lat,
        lon=place.lon,
        name=place.name,
        zoom=10 if place.kind == PlaceKind.CITY else 8,
        with_dialogues=True,
    )


def _report(form: DashboardFilterForm, filters: DashboardFilters) -> dict[str, str]:
    """What the printed report's header says about the selection, in the reader's language."""
    start, end = filters.held_from, filters.held_to
    if start and end:
        period = _("%(start)s to %(end)s", start=format_date(start), end=format_date(end))
    elif start:
        period = _("%(start)s to %(end)s", start=format_date(start), end=format_date(date.today()))
    elif end:
        period = _("Until %(end)s", end=format_date(end))
    else:
        period = str(dict(form.period.choices)["all"])
    theme = dict(form.theme.choices).get(form.theme.data) if filters.theme_id else None
    return {
        "period": period,
        "filters": _("Theme: %(theme)s", theme=theme) if theme else _("None"),
        "printed": format_date(date.today(), format="long"),
    }


@bp.route("/cities/<code>")
def city(code: str):
    """A city's or a governorate's dashboard."""
    place = _place(code)
    form = DashboardFilterForm(request.args)
    filters = form.filters()
    list_args = filters.dialogue_args(place)
    markers = static_map.markers(current_user, filters.dialogue_filters(place))
    return render_template(
        "dashboards/city.html",
        place=place,
        form=form,
        board=indicators.place_indicators(current_user, place, filters),
        fmap=_small_map(place),
        print_map=static_map.place_map(place, markers),
        report=_report(form, filters),
        list_args=list_args,
        points_url=url_for("maps.points", **list_args),
        suppressed=suppression.suppresses_for(current_user),
        threshold=suppression.threshold(),
        priority_kinds=list(PriorityKind),
    )


def _grouped(rows: list[indicators.PlaceRow]) -> list[tuple[indicators.PlaceRow, list]]:
    """Each governorate followed by its cities, both in the chosen order. A city whose
    governorate has no row of its own (none recorded) stands alone."""
    heads = [row for row in rows if row.kind == PlaceKind.GOVERNORATE]
    by_name = {row.name: [] for row in heads}
    alone = []
    for row in rows:
        if row.kind == PlaceKind.GOVERNORATE:
            continue
        if row.governorate in by_name:
            by_name[row.governorate].append(row)
        else:
            alone.append((row, []))
    return [(head, by_name[head.name]) for head in heads] + alone


def _outcome_totals(rows: list[indicators.PlaceRow]) -> dict[str, float | int | None]:
    """The overview's outcome figures: the sum of the city rows (each outcome counted once)."""
    cities = [row for row in rows if row.kind != PlaceKind.GOVERNORATE]
    outcomes = sum(row.outcomes for row in cities)
    achieved = sum(row.achieved_verified for row in cities)
    return {
        "cities": len(cities),
        "outcomes": outcomes,
        "achieved": achieved,
        "share_achieved": achieved / outcomes if outcomes else None,
        "overdue": sum(row.overdue for row in cities),
    }


@bp.route("/dashboard")
def overview():
    """Every city and governorate side by side, sortable; national trends."""
    form = DashboardFilterForm(request.args)
    filters = form.filters()
    data = indicators.overview(current_user, filters)
    sort = request.args.get("sort", "dialogues")
    if sort not in indicators.SORT_KEYS:
        sort = "dialogues"
    descending = request.args.get("dir", "asc" if sort == "name" else "desc") == "desc"
    rows = sorted(data.rows, key=lambda row: row.sort_value(sort), reverse=descending)
    return render_template(
        "dashboards/overview.html",
        form=form,
        data=data,
        groups=_grouped(rows),
        totals=_outcome_totals(data.rows),
        sort=sort,
        descending=descending,
        sort_keys=indicators.SORT_KEYS,
        list_args=filters.dialogue_args(),
        suppressed=suppression.suppresses_for(current_user),
        threshold=suppression.threshold(),
    )
