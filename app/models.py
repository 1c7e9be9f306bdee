"""Imports every model so that the metadata (and Alembic) sees the whole schema."""

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.caching.versions import DataVersion
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueOrganization,
    Photo,
    Priority,
    SectorCount,
    Statement,
)
from app.drafts.models import DialogueReport
from app.notifications.models import Notification
from app.organizations.models import Organization
from app.outcomes.models import Outcome, OutcomeUpdate
from app.places.models import Place, PlaceAlias
from app.themes.models import Theme
from app.tokens.models import ApiToken

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Axis",
    "DataVersion",
    "Dialogue",
    "DialogueOrganization",
    "DialogueReport",
    "Notification",
    "Organization",
    "Outcome",
    "OutcomeUpdate",
    "Photo",
    "Place",
    "PlaceAlias",
    "Priority",
    "Role",
    "SectorCount",
    "Statement",
    "Theme",
    "User",
]
