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
    UpdateKind.ASSIGNMENT: _l("Assigned"),
    UpdateKind.ACCEPTANCE: _l("Accepted"),
    UpdateKind.DECLINE: _l("Declined"),
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
}


def label(value: Enum | None) -> str:
    if value is None:
        return ""
    return str(LABELS.get(value, value.value))


def choices(enum_class: type[Enum]) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_class]


AUDIT_ACTIONS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "archive": _l("Archived"),
    "restore": _l("Restored"),
    "upload": _l("Photo added"),
    "delete": _l("Deleted"),
}


def audit_action(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action))
