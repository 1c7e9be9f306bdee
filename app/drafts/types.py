"""The typed draft: every field with its value and the sentence of the report it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Found:
    """A value and its evidence: the sentence (or line) of the report that gave it."""

    value: Any
    evidence: str


@dataclass
class OrganizationMention:
    name: str  # as written in the report
    evidence: str
    registry_id: int | None = None  # the matched organisation of the registry, if any
    registry_name: str | None = None
    role: str | None = None  # convening, co_organizer, partner, participant, funder


@dataclass
class AxisDraft:
    text: str
    evidence: str
    theme_code: str | None = None
    theme_id: int | None = None


@dataclass
class ItemDraft:
    """A concern, gap or priority (kind from PriorityKind), or a recommendation."""

    kind: str
    text: str
    evidence: str
    theme_code: str | None = None
    theme_id: int | None = None


@dataclass
class StatementDraft:
    text: str
    evidence: str
    speaker_name: str | None = None
    speaker_role: str | None = None
    consent: str = "not_for_publication"  # never anything else: the organiser decides


@dataclass
class Draft:
    language: str  # "ar" or "en": the report's main language
    published_on: date
    title: Found | None = None
    format: Found | None = None
    city: Found | None = None  # value: place code
    city_id: int | None = None
    governorate: Found | None = None  # a governorate named without a city: noted, not a city
    venue: Found | None = None
    held_on: Found | None = None  # value: date
    organizer: OrganizationMention | None = None
    organizations: list[OrganizationMention] = field(default_factory=list)
    axes: list[AxisDraft] = field(default_factory=list)
    priorities: list[ItemDraft] = field(default_factory=list)
    recommendations: list[ItemDraft] = field(default_factory=list)
    statements: list[StatementDraft] = field(default_factory=list)
    participants_total: Found | None = None
    participants_women: Found | None = None
    participants_men: Found | None = None
    participants_youth: Found | None = None
    sectors: list[Found] = field(default_factory=list)  # value: sector code; never a number
    notes: list[Found] = field(default_factory=list)  # e.g. "more than 60": not a count
    publisher: Found | None = None
    summary: Found | None = None

    SCALARS = (
        "title",
        "format",
        "city",
        "venue",
        "held_on",
        "organizer",
        "axes",
        "priorities",
        "recommendations",
        "statements",
        "participants_total",
        "publisher",
    )

    def missing(self) -> list[str]:
        """The fields the report did not give (names as in SCALARS)."""
        return [name for name in self.SCALARS if not getattr(self, name)]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_on"] = self.published_on.isoformat()
        if self.held_on is not None:
            data["held_on"]["value"] = self.held_on.value.isoformat()
        data.pop("SCALARS", None)
        data["missing"] = self.missing()
        return data
