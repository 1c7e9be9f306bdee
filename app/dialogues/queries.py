"""Read queries over dialogues, all built on the visibility query."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.dialogues.filters import DialogueFilters, apply_filters
from app.dialogues.models import Axis, Dialogue, DialogueOrganization, Priority
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.i18n import current_language
from app.outcomes.models import Outcome
from app.places.models import Place

# Lists never show the (long) search text: leave it in the database.
LIST_LOADS = (
    so.joinedload(Dialogue.city),
    so.joinedload(Dialogue.organizer),
    so.defer(Dialogue.search_text),
)


def newest_first(stmt: sa.Select) -> sa.Select:
    return stmt.order_by(Dialogue.held_on.desc(), Dialogue.id.desc())


def latest_visible_dialogues(user: Any, limit: int = 6) -> list[Dialogue]:
    """The most recent dialogues already held (planned ones would crowd out what happened)."""
    stmt = (
        newest_first(visible_dialogues(user).where(Dialogue.held_on <= date.today()))
        .options(*LIST_LOADS)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def by_city_name(stmt: sa.Select) -> sa.Select:
    """City name in the viewer's language, then newest first within a city."""
    name = Place.name_ar if current_language() == "ar" else Place.name_en
    city_name = sa.select(name).where(Place.id == Dialogue.city_id).scalar_subquery()
    return stmt.order_by(city_name, Dialogue.held_on.desc(), Dialogue.id.desc())


def dialogue_list(
    user: Any, filters: DialogueFilters | None = None, sort: str = "date"
) -> sa.Select[tuple[Dialogue]]:
    """The dialogues the user may see, narrowed by the filters, in the chosen order."""
    stmt = visible_dialogues(user)
    if filters is not None:
        stmt = apply_filters(stmt, filters)
    ordered = by_city_name(stmt) if sort == "city" else newest_first(stmt)
    return ordered.options(*LIST_LOADS)


def dialogue_detail_loads() -> tuple:
    """Everything the dialogue page shows, loaded in a fixed number of queries."""
    return (
        so.joinedload(Dialogue.city),
        so.joinedload(Dialogue.organizer),
        so.joinedload(Dialogue.convening_organization),
        so.selectinload(Dialogue.links).joinedload(DialogueOrganization.organization),
        so.selectinload(Dialogue.sector_counts),
        so.selectinload(Dialogue.axes).joinedload(Axis.theme),
        so.selectinload(Dialogue.priorities).joinedload(Priority.theme),
        so.selectinload(Dialogue.outcomes).joinedload(Outcome.responsible_org),
        so.selectinload(Dialogue.statements),
        so.selectinload(Dialogue.photos),
        so.selectinload(Dialogue.sources),
    )
