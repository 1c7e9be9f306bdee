"""Per-city statistics in the API: the map's city aggregates (app.maps.queries), for the
dialogues the viewer may see, narrowed by the list's filters."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from flask import request

from app.api import serializers
from app.api.auth import api_user
from app.api.blueprint import bp, valid_filters
from app.api.errors import ApiError
from app.api.schemas import CityStatisticsSchema, ErrorSchema, StatisticsQuerySchema
from app.dialogues.filters import DialogueFilterForm
from app.extensions import db
from app.maps.queries import CityAggregate, city_aggregates
from app.places.models import Place, PlaceKind


@bp.route("/cities/<code>/statistics", tags=["statistics"])
@bp.doc(parameters=[{"in": "query", "schema": StatisticsQuerySchema}])
@bp.response(200, CityStatisticsSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No city has this code")
@bp.alt_response(422, schema=ErrorSchema, description="An invalid filter")
def city_statistics(code: str):
    """A city's figures, as the map shows them: dialogues, participants, outcomes by status,
    the share achieved and verified, the most discussed themes."""
    user = api_user()
    city = db.session.scalars(
        sa.select(Place).where(Place.code == code, Place.kind == PlaceKind.CITY)
    ).first()
    if city is None:
        raise ApiError(404)
    filters = valid_filters(DialogueFilterForm(request.args, user=user))
    # A city filter is one more condition: another city than the path's leaves nothing.
    found = (
        city_aggregates(user, replace(filters, city_id=city.id))
        if filters.city_id in (None, city.id)
        else []
    )
    aggregate = (
        found[0] if found else CityAggregate(city.id, city.name_ar, city.name_en, None, None)
    )
    return {
        "city": serializers.place_ref(city),
        "dialogues": aggregate.dialogues,
        "participants": aggregate.participants,
        "outcomes": aggregate.outcomes,
        "outcomes_by_status": {s.value: n for s, n in aggregate.outcome_counts},
        "achieved_verified": aggregate.achieved_verified,
        "share_achieved": aggregate.share_achieved,
        "top_themes": [
            {"theme": {"id": i, "name_ar": ar, "name_en": en}, "dialogues": n}
            for i, ar, en, n in aggregate.themes[:3]
        ],
    }
