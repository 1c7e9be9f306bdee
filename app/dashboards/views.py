from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from app.caching.figures import cached
from app.dashboards import indicators, suppression
from app.dashboards.forms import DashboardFilterForm
from app.dialogues.models import PriorityKind
from app.extensions import db
from app.maps import rendering
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


@bp.route("/cities/<code>")
def city(code: str):
    """A city's or a governorate's dashboard."""
    place = _place(code)
    form = DashboardFilterForm(request.args)
    filters = form.filters()
    list_args = filters.dialogue_args(place)
    return render_template(
        "dashboards/city.html",
        place=place,
        form=form,
        board=cached(
            "place",
            current_user,
            lambda: indicators.place_indicators(current_user, place, filters),
            place.id,
            filters,
        ),
        fmap=_small_map(place),
        list_args=list_args,
        points_url=url_for("maps.points", **list_args),
        suppressed=suppression.suppresses_for(current_user),
        threshold=suppression.threshold(),
        priority_kinds=list(PriorityKind),
    )


@bp.route("/dashboard")
def overview():
    """Every city and governorate side by side, sortable; national trends."""
    form = DashboardFilterForm(request.args)
    filters = form.filters()
    data = cached(
        "overview", current_user, lambda: indicators.overview(current_user, filters), filters
    )
    sort = request.args.get("sort", "dialogues")
    if sort not in indicators.SORT_KEYS:
        sort = "dialogues"
    descending = request.args.get("dir", "asc" if sort == "name" else "desc") == "desc"
    rows = sorted(data.rows, key=lambda row: row.sort_value(sort), reverse=descending)
    return render_template(
        "dashboards/overview.html",
        form=form,
        data=data,
        rows=rows,
        sort=sort,
        descending=descending,
        sort_keys=indicators.SORT_KEYS,
        list_args=filters.dialogue_args(),
        suppressed=suppression.suppresses_for(current_user),
        threshold=suppression.threshold(),
    )
