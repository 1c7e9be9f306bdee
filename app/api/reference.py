"""Reference data in the API: places, themes, organisations (public, as in the filters)."""

from __future__ import annotations

import sqlalchemy as sa

from app.api import serializers
from app.api.blueprint import bp
from app.api.pagination import paginate
from app.api.schemas import (
    ErrorSchema,
    OrganizationPageSchema,
    PagingQuerySchema,
    PlacePageSchema,
    ThemePageSchema,
)
from app.organizations.choices import in_registry
from app.organizations.models import Organization
from app.places.models import Place
from app.themes.models import Theme

PAGING = [{"in": "query", "schema": PagingQuerySchema}]


@bp.route("/places", tags=["reference"])
@bp.doc(parameters=PAGING)
@bp.response(200, PlacePageSchema)
@bp.alt_response(422, schema=ErrorSchema, description="Invalid paging")
def places():
    """Governorates, districts and cities, with P-codes (or our city codes) and coordinates."""
    return paginate(sa.select(Place).order_by(Place.id), serializers.place)


@bp.route("/themes", tags=["reference"])
@bp.doc(parameters=PAGING)
@bp.response(200, ThemePageSchema)
@bp.alt_response(422, schema=ErrorSchema, description="Invalid paging")
def themes():
    """The shared taxonomy of discussion themes."""
    return paginate(sa.select(Theme).order_by(Theme.id), serializers.theme)


@bp.route("/organizations", tags=["reference"])
@bp.doc(parameters=PAGING)
@bp.response(200, OrganizationPageSchema)
@bp.alt_response(422, schema=ErrorSchema, description="Invalid paging")
def organizations():
    """Every organisation of the registry (as the list page's organisation filter offers them).

    Organisations proposed by name and not yet confirmed by an admin are not listed."""
    return paginate(
        sa.select(Organization).where(in_registry()).order_by(Organization.id),
        serializers.organization,
    )
