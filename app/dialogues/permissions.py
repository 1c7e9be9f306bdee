"""Permission checks on single records, in Python. They agree with app.dialogues.visibility
(tests prove it for every role and visibility); use them for buttons and for writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.auth.models import Role
from app.dialogues.models import Dialogue, Statement, Visibility

if TYPE_CHECKING:
    from app.outcomes.models import Outcome


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_organizer_staff(user: Any, dialogue: Dialogue) -> bool:
    return _signed_in(user) and user.organization_id == dialogue.organizer_org_id


def is_linked(user: Any, dialogue: Dialogue) -> bool:
    return _signed_in(user) and any(
        link.organization_id == user.organization_id for link in dialogue.links
    )


def in_audience(user: Any, dialogue: Dialogue) -> bool:
    if dialogue.visibility == Visibility.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    if user.role == Role.ADMIN or is_organizer_staff(user, dialogue):
        return True
    if dialogue.visibility == Visibility.DONORS and user.role == Role.DONOR:
        return True
    return dialogue.visibility in (Visibility.DONORS, Visibility.PARTNERS) and is_linked(
        user, dialogue
    )


def can_manage_dialogue(user: Any, dialogue: Dialogue) -> bool:
    """Organiser's staff and admins: may restore, see history, see exact venues."""
    return _signed_in(user) and (user.role == Role.ADMIN or is_organizer_staff(user, dialogue))


def can_view_dialogue(user: Any, dialogue: Dialogue) -> bool:
    if dialogue.is_archived:
        return can_manage_dialogue(user, dialogue)
    return in_audience(user, dialogue)


def can_edit_dialogue(user: Any, dialogue: Dialogue) -> bool:
    if not _signed_in(user) or dialogue.is_archived:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.ORGANIZER and is_organizer_staff(user, dialogue)


def can_restore_dialogue(user: Any, dialogue: Dialogue) -> bool:
    return (
        dialogue.is_archived
        and can_manage_dialogue(user, dialogue)
        and user.role in (Role.ORGANIZER, Role.ADMIN)
    )


def can_create_dialogue(user: Any) -> bool:
    return _signed_in(user) and user.role in (Role.ORGANIZER, Role.ADMIN)


def visible_statements(user: Any, dialogue: Dialogue) -> list[Statement]:
    """The statements of a dialogue the user already sees that the user may read: unconsented
    statements stay with the organiser's organisation and admins."""
    if can_manage_dialogue(user, dialogue):
        return list(dialogue.statements)
    return [statement for statement in dialogue.statements if statement.consent_to_publish]


def speaker_name(user: Any, dialogue: Dialogue, statement: Statement) -> str | None:
    """The speaker's name for this viewer: with consent to publish it, for everyone who may read
    the statement; otherwise only for the organiser's staff and admins, who recorded it."""
    if can_manage_dialogue(user, dialogue):
        return statement.speaker_name
    return statement.publishable_name


def can_see_venue_coordinates(user: Any, dialogue: Dialogue) -> bool:
    return can_manage_dialogue(user, dialogue)


def is_self_reported(outcome: Outcome) -> bool:
    """The organiser is also the responsible organisation: nobody independent can verify."""
    return outcome.responsible_org_id == outcome.dialogue.organizer_org_id


def can_review_outcome(user: Any, outcome: Outcome) -> bool:
    """Accept, decline and report progress: staff of the responsible organisation."""
    return (
        _signed_in(user)
        and outcome.responsible_org_id is not None
        and user.organization_id == outcome.responsible_org_id
        and user.role in (Role.PARTNER, Role.ORGANIZER)
        and can_view_dialogue(user, outcome.dialogue)
        and not outcome.dialogue.is_archived
    )


def can_verify_outcome(user: Any, outcome: Outcome) -> bool:
    """Verify a report: the organiser's staff, never on their own organisation's report."""
    return (
        _signed_in(user)
        and user.role == Role.ORGANIZER
        and is_organizer_staff(user, outcome.dialogue)
        and not outcome.dialogue.is_archived
        and not is_self_reported(outcome)
    )
