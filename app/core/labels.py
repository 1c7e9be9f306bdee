"""Translatable labels for every enum value a user can see."""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from app.auth.models import Role
from app.dialogues.models import (
    DialogueFormat,
    DialogueStatus,
    LinkRole,
    PriorityKind,
    Sector,
    Visibility,
)
from app.organizations.models import OrganizationKind
from app.outcomes.models import OutcomeKind, OutcomeStatus, UpdateKind
from app.places.models import PlaceKind

LABELS: dict[Enum, object] = {
    Role.ORGANIZER: _l("Organiser"),
    Role.PARTNER: _l("Partner"),
    Role.DONOR: _l("Donor"),
    Role.ADMIN: _l("Admin"),
    DialogueFormat.SESSION: _l("Dialogue session"),
    DialogueFormat.WORKSHOP: _l("Workshop"),
    DialogueFormat.ROUNDTABLE: _l("Round table"),
    DialogueFormat.CONSULTATION: _l("Consultation"),
    DialogueFormat.FORUM: _l("Forum"),
    DialogueFormat.ONLINE: _l("Online dialogue"),
    DialogueStatus.PLANNED: _l("Planned"),
    DialogueStatus.HELD: _l("Held"),
    DialogueStatus.REPORTED: _l("Reported"),
    Visibility.PUBLIC: _l("Public"),
    Visibility.DONORS: _l("Donors"),
    Visibility.PARTNERS: _l("Partners"),
    Visibility.INTERNAL: _l("Internal"),
    LinkRole.CO_ORGANIZER: _l("Co-organiser"),
    LinkRole.PARTNER: _l("Partner"),
    LinkRole.PARTICIPANT: _l("Participant"),
    LinkRole.FUNDER: _l("Funder"),
    Sector.CIVIL_SOCIETY: _l("Civil society"),
    Sector.COMMUNITY: _l("Community (ahli)"),
    Sector.RELIGIOUS: _l("Religious leaders"),
    Sector.TRIBAL_NOTABLE: _l("Tribal leaders and notables"),
    Sector.LOCAL_AUTHORITY: _l("Local authorities"),
    Sector.SECURITY: _l("Security and police"),
    Sector.MEDIA: _l("Media"),
    Sector.ACADEMIA: _l("Academia"),
    Sector.PRIVATE_SECTOR: _l("Private sector"),
    Sector.DISPLACED: _l("Displaced people and returnees"),
    Sector.DISABILITY: _l("People with disabilities"),
    PriorityKind.CONCERN: _l("Concern"),
    PriorityKind.GAP: _l("Gap"),
    PriorityKind.RISK: _l("Risk"),
    PriorityKind.PRIORITY: _l("Priority"),
    OutcomeKind.RECOMMENDATION: _l("Recommendation"),
    OutcomeKind.COMMITMENT: _l("Commitment"),
    OutcomeKind.ACTION: _l("Agreed action"),
    OutcomeKind.TOOL: _l("Proposed tool"),
    OutcomeStatus.PROPOSED: _l("Proposed"),
    OutcomeStatus.ACCEPTED: _l("Accepted"),
    OutcomeStatus.IN_PROGRESS: _l("In progress"),
    OutcomeStatus.ACHIEVED: _l("Achieved"),
    OutcomeStatus.STALLED: _l("Stalled"),
    OutcomeStatus.DROPPED: _l("Dropped"),
    UpdateKind.ASSIGNMENT: _l("Assigned to an organisation"),
    UpdateKind.ACCEPTANCE: _l("Assignment accepted"),
    UpdateKind.DECLINE: _l("Assignment declined"),
    UpdateKind.PROGRESS: _l("Progress reported"),
    UpdateKind.VERIFICATION: _l("Verified"),
    UpdateKind.EVIDENCE_REQUEST: _l("More evidence requested"),
    UpdateKind.COMMENT: _l("Comment"),
    UpdateKind.STATUS_CHANGE: _l("Status changed"),
    OrganizationKind.CIVIL_SOCIETY: _l("Civil society"),
    OrganizationKind.COMMUNITY: _l("Community (ahli)"),
    OrganizationKind.PUBLIC_INSTITUTION: _l("Public institution"),
    OrganizationKind.INTERNATIONAL: _l("International organisation"),
    OrganizationKind.DONOR: _l("Donor"),
    OrganizationKind.ACADEMIC: _l("Academic"),
    OrganizationKind.MEDIA: _l("Media"),
    PlaceKind.GOVERNORATE: _l("Governorate"),
    PlaceKind.DISTRICT: _l("District"),
    PlaceKind.CITY: _l("City"),
}


def label(value: Enum | None) -> str:
    if value is None:
        return ""
    return str(LABELS.get(value, value.value))


def choices(enum_class: type[Enum]) -> list[tuple[str, object]]:
    """Select choices whose labels stay lazy: forms declare them once, at import, and each
    page renders them in its own viewer's language."""
    return [(member.value, LABELS.get(member, member.value)) for member in enum_class]


AUDIT_ACTIONS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "archive": _l("Archived"),
    "restore": _l("Restored"),
    "upload": _l("Photo added"),
    "delete": _l("Deleted"),
    "login": _l("Signed in"),
    "load": _l("Reference data loaded"),
    "demo_load": _l("Demo data loaded"),
    "invite": _l("Invited"),
    "reinvite": _l("Invitation sent again"),
    "accept_invitation": _l("Invitation accepted"),
    "deactivate": _l("Deactivated"),
    "reactivate": _l("Reactivated"),
    "merge": _l("Merged"),
    "merge_in": _l("Another organisation merged into it"),
    "propose": _l("Proposed by name"),
    "confirm": _l("Confirmed"),
    "attach": _l("Photo added"),
    "caption": _l("Caption changed"),
    "expire": _l("Unsaved photo discarded after a day"),
    "password_change": _l("Password changed"),
    "password_reset": _l("Password reset"),
    "reset_requested": _l("Password reset requested"),
    # The follow-up steps of an outcome.
    "assignment": _l("Outcome assigned"),
    "acceptance": _l("Outcome accepted"),
    "decline": _l("Outcome declined"),
    "progress": _l("Progress reported"),
    "verification": _l("Progress verified"),
    "evidence_request": _l("Evidence requested"),
    "comment": _l("Comment added"),
    "status_change": _l("Status changed"),
    "link_followup": _l("Later dialogue linked"),
    "revoke": _l("Revoked"),
    "demo_synthetic": _l("Synthetic demo data added"),
}


def audit_action(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action))


# The audited fields, as users know them (the history and edit-conflict messages list them).
FIELD_LABELS = {
    "title_ar": _l("Title (Arabic)"),
    "title_en": _l("Title (English)"),
    "format": _l("Format"),
    "held_on": _l("Date"),
    "starts_at": _l("Start time"),
    "city_id": _l("City"),
    "venue": _l("Venue"),
    "venue_lat": _l("Venue coordinates"),
    "venue_lon": _l("Venue coordinates"),
    "organizer_org_id": _l("Organising organisation"),
    "summary_ar": _l("Summary (Arabic)"),
    "summary_en": _l("Summary (English)"),
    "status": _l("Status"),
    "visibility": _l("Who may see it"),
    "participants_total": _l("Participants in total"),
    "participants_women": _l("Women"),
    "participants_men": _l("Men"),
    "participants_youth": _l("Youth (18–29)"),
    "source_links": _l("Source links"),
    "sources": _l("Sources"),
    "held_on_precision": _l("Date known to"),
    "convening_org_id": _l("Convening organisation"),
    "confirmed": _l("Confirmed"),
    "proposed_by_org_id": _l("Proposed by"),
    "created_by_id": _l("Registered by"),
    "creation_key": None,
    "archived_at": _l("Archived"),
    "links": _l("Organisations involved"),
    "sectors": _l("Participants by sector"),
    "axes": _l("Discussion axes"),
    "priorities": _l("Concerns, gaps and priorities"),
    "outcomes": _l("Outcomes"),
    "statements": _l("Statements"),
    "caption": _l("Caption"),
    "email": _l("E-mail address"),
    "name": _l("Name"),
    "role": _l("Role"),
    "organization_id": _l("Organisation"),
    "is_manager": _l("Manager"),
    "active": _l("Active"),
    "preferred_language": _l("Language"),
    "name_ar": _l("Name in Arabic"),
    "name_en": _l("Name in English"),
    "kind": _l("Kind"),
    "home_city_id": _l("Home city"),
    "website": _l("Website"),
    "description": _l("Description"),
    "description_en": _l("Description"),
    "merged_into_id": _l("Merged into"),
    "merged_into": _l("Merged into"),
    "merged_from": _l("Merged from"),
    "moved": _l("References moved"),
    "code": _l("Code"),
    "governorate_id": _l("Governorate"),
    "district_id": _l("District"),
    "lat": _l("Latitude"),
    "lon": _l("Longitude"),
    "created": _l("Created"),
    "updated": _l("Updated"),
    "dialogue_id": None,
    "outcome_update_id": None,
    "pending_key": None,
    "mime_type": None,
    "width": None,
    "height": None,
    "size_bytes": None,
}


def field_label(key: str) -> str:
    """One field's user-facing name (the audit log shows every field, even unnamed ones)."""
    name = FIELD_LABELS.get(key)
    return str(name) if name is not None else key


def field_labels(changes: dict | None) -> list[str]:
    """The user-facing names of the fields an audit event changed, each once, in order."""
    names: list[str] = []
    for key in changes or {}:
        if key.startswith("_"):
            continue
        name = FIELD_LABELS.get(key, key)
        if name is not None and str(name) not in names:
            names.append(str(name))
    return names
