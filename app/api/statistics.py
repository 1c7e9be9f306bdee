"""Per-city statistics in the API: the city dashboard's indicators (app.dashboards.indicators),
with its filters and its disclosure control, for the dialogues the viewer may see that took
place (planned ones are counted apart as `upcoming`)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import request, url_for
from flask_babel import force_locale

from app.api import serializers
from app.api.auth import api_user
from app.api.blueprint import bp, filter_errors
from app.api.errors import ApiError
from app.api.schemas import CityStatisticsSchema, ErrorSchema, StatisticsQuerySchema
from app.dashboards import disclosure, indicators, suppression
from app.dashboards.forms import DashboardFilterForm
from app.extensions import db
from app.i18n import babel_locale
from app.places.models import Place, PlaceKind


def _names(arabic: str, english: str) -> dict[str, str]:
    return {"name_ar": arabic, "name_en": english}


def statistics(place: Place, boards: dict[str, indicators.PlaceBoard], filters) -> dict[str, Any]:
    """The board as JSON; names come from the board built in each language."""
    board, ar = boards["en"], boards["ar"]
    return {
        "place": serializers.place_ref(place),
        "kind": place.kind.value,
        "held_from": filters.held_from,
        "held_to": filters.held_to,
        "suppressed": suppression.suppresses_for(api_user()),
        "threshold": suppression.threshold(),
        "rounding_base": disclosure.BASE,
        "dialogues": board.dialogues,
        "upcoming": board.upcoming,
        "participants": serializers.participants(board.participants),
        "organizations": board.organizations,
        "organizations_by_kind": {k.value: n for k, n in board.organizations_by_kind},
        "bridging_sessions": board.bridging_sessions,
        "outcomes": board.outcomes,
        "outcomes_by_status": {s.value: n for s, n in board.outcome_counts},
        "funnel": {s.value: n for s, n in board.funnel},
        "overdue": board.overdue,
        "verified_outcomes": board.verified_outcomes,
        "achieved_verified": board.achieved_verified,
        "share_achieved": board.share_achieved,
        "average_verified_progress": board.average_verified_progress,
        "per_month": [{"month": month, "dialogues": n} for month, n in board.per_month],
        "themes": [
            {"theme": _names(a[0], e[0]), "dialogues": e[1]}
            for a, e in zip(ar.themes, board.themes, strict=True)
        ],
        "priorities": [
            {"theme": _names(a[0], e[0]), "counts": {k.value: n for k, n in e[1].items()}}
            for a, e in zip(ar.priorities_by_theme, board.priorities_by_theme, strict=True)
        ],
        "latest_dialogues": [
            {
                "id": e[0],
                "url": url_for("api.dialogue", dialogue_id=e[0], _external=True),
                "title_ar": a[1],
                "title_en": e[1],
                "held_on": e[2],
                "held_on_precision": "month" if e.month_only else "day",
                "city": _names(a[3], e[3]),
            }
            for a, e in zip(ar.latest, board.latest, strict=True)
        ],
    }


@bp.route("/cities/<code>/statistics", tags=["statistics"])
@bp.doc(parameters=[{"in": "query", "schema": StatisticsQuerySchema}])
@bp.response(200, CityStatisticsSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No city or governorate has this code")
@bp.alt_response(422, schema=ErrorSchema, description="An invalid filter")
def city_statistics(code: str):
    """A city's (or a governorate's) dashboard indicators over the dialogues held, participant
    figures protected as on the dashboard: for anonymous requests and donors they are rounded to
    a multiple of 5 and counts under the threshold are withheld."""
    user = api_user()
    place = db.session.scalars(
        sa.select(Place).where(
            Place.code == code, Place.kind.in_([PlaceKind.CITY, PlaceKind.GOVERNORATE])
        )
    ).first()
    if place is None:
        raise ApiError(404)
    form = DashboardFilterForm(request.args)
    errors = filter_errors(form)
    if errors:
        raise ApiError(422, fields=errors)
    filters = form.filters()
    boards = {}
    for language in ("ar", "en"):  # the board names things in one language at a time
        with force_locale(babel_locale(language)):
            boards[language] = indicators.place_indicators(user, place, filters)
    return statistics(place, boards, filters)
