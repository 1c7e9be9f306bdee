"""The one visibility rule. Lists, maps, dashboards, exports and the API all start here.

A dialogue's visibility names its widest audience: public > donors > partners > internal.
- public: everyone, signed in or not;
- donors: donor staff, plus the organisations linked to the dialogue and its organiser;
- partners: the organisations linked to the dialogue, and its organiser;
- internal: the organiser's organisation only.
Admins see everything. Archived dialogues are out of every list; only their organiser's staff
and admins can still open them (to restore them).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.auth.models import Role
from app.dialogues.models import Dialogue, DialogueOrganization, Visibility


def _is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def audience_clause(user: Any) -> sa.ColumnElement[bool]:
    """SQL condition: the user is in the dialogue's audience (archiving aside)."""
    if not _is_signed_in(user):
        return Dialogue.visibility == Visibility.PUBLIC
    if user.role == Role.ADMIN:
        return sa.true()
    org_id = user.organization_id
    linked = (
        sa.select(DialogueOrganization.dialogue_id)
        .where(
            DialogueOrganization.dialogue_id == Dialogue.id,
            DialogueOrganization.organization_id == org_id,
        )
        .exists()
    )
    audience = [
        Dialogue.visibility == Visibility.PUBLIC,
        Dialogue.organizer_org_id == org_id,
        sa.and_(Dialogue.visibility.in_([Visibility.DONORS, Visibility.PARTNERS]), linked),
    ]
    if user.role == Role.DONOR:
        audience.append(Dialogue.visibility == Visibility.DONORS)
    return sa.or_(*audience)


def manages_clause(user: Any) -> sa.ColumnElement[bool]:
    """SQL condition: the user runs the dialogue (its organiser's staff) or is an admin."""
    if not _is_signed_in(user):
        return sa.false()
    if user.role == Role.ADMIN:
        return sa.true()
    return Dialogue.organizer_org_id == user.organization_id


def visibility_clause(user: Any, *, include_archived: bool = False) -> sa.ColumnElement[bool]:
    live = Dialogue.archived_at.is_(None)
    if include_archived:
        live = sa.or_(live, manages_clause(user))
    return sa.and_(audience_clause(user), live)


def visible_dialogues(user: Any, *, include_archived: bool = False) -> sa.Select[tuple[Dialogue]]:
    """Every dialogue the user may see, as a select to filter, order and paginate."""
    return sa.select(Dialogue).where(visibility_clause(user, include_archived=include_archived))


def get_visible_dialogue(user: Any, dialogue_id: int) -> Dialogue | None:
    """One dialogue through the visibility query; None when it does not exist for this user."""
    from app.extensions import db

    stmt = visible_dialogues(user, include_archived=True).where(Dialogue.id == dialogue_id)
    return db.session.scalars(stmt).first()
