"""Dialogues in the API: the list with the pages' filters and search, and one dialogue."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import request
from flask_sqlalchemy.pagination import SelectPagination

from app.api import serializers
from app.api.auth import api_user
from app.api.blueprint import bp, valid_filters
from app.api.errors import ApiError
from app.api.pagination import paginate
from app.api.schemas import (
    DialogueDetailSchema,
    DialoguePageSchema,
    DialogueQuerySchema,
    ErrorSchema,
)
from app.dialogues import queries
from app.dialogues.filters import DialogueFilterForm
from app.dialogues.models import Dialogue, Statement
from app.dialogues.search import OnePassPagination
from app.dialogues.visibility import visibility_clause
from app.extensions import db
from app.outcomes.models import Outcome


@bp.route("/dialogues", tags=["dialogues"])
@bp.doc(parameters=[{"in": "query", "schema": DialogueQuerySchema}])
@bp.response(200, DialoguePageSchema)
@bp.alt_response(422, schema=ErrorSchema, description="An invalid filter")
def dialogues():
    """The dialogues you may see, with the list page's filters and search.

    Newest first (then by id), or by city name with sort=city.
    """
    user = api_user()
    form = DialogueFilterForm(request.args, user=user)
    filters = valid_filters(form)
    # A search counts in the same pass that reads the rows, as the list page does.
    return paginate(
        queries.dialogue_list(user, filters, sort=form.sort_order),
        serializers.dialogue_summary,
        pagination_class=OnePassPagination if filters.q else SelectPagination,
    )


DETAIL_LOADS = (
    *queries.dialogue_detail_loads(),
    so.selectinload(Dialogue.outcomes).joinedload(Outcome.theme),
    so.selectinload(Dialogue.statements).joinedload(Statement.speaker_organization),
)


@bp.route("/dialogues/<int(min=1, max=2147483647):dialogue_id>", tags=["dialogues"])
@bp.response(200, DialogueDetailSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such dialogue, or not for you")
def dialogue(dialogue_id: int):
    """One dialogue with its axes, priorities, outcomes and consented statements."""
    user = api_user()
    stmt = (
        sa.select(Dialogue)
        .where(Dialogue.id == dialogue_id, visibility_clause(user, include_archived=True))
        .options(*DETAIL_LOADS)
    )
    record = db.session.scalars(stmt).unique().first()
    if record is None:
        raise ApiError(404)
    return serializers.dialogue_detail(record, user)
