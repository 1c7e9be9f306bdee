"""Photos through the dialogue visibility query: a photo is seen exactly where its dialogue is."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.dialogues.models import Dialogue, Photo
from app.dialogues.visibility import visibility_clause
from app.extensions import db
from app.outcomes.models import Outcome, OutcomeUpdate


def visible_photos(user: Any, *, include_archived: bool = False) -> sa.Select[tuple[Photo]]:
    """Every photo the user may see: a dialogue's own, and the evidence on its outcomes."""
    owning_dialogue_id = sa.func.coalesce(Photo.dialogue_id, Outcome.dialogue_id)
    return (
        sa.select(Photo)
        .outerjoin(OutcomeUpdate, Photo.outcome_update_id == OutcomeUpdate.id)
        .outerjoin(Outcome, OutcomeUpdate.outcome_id == Outcome.id)
        .join(Dialogue, Dialogue.id == owning_dialogue_id)
        .where(visibility_clause(user, include_archived=include_archived))
    )


def get_visible_photo(user: Any, photo_id: int) -> Photo | None:
    """One photo, or None when it does not exist for this user (archived dialogues included,
    for the staff who may still open them)."""
    stmt = visible_photos(user, include_archived=True).where(Photo.id == photo_id)
    return db.session.scalars(stmt).first()
