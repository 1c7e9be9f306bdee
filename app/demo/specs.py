"""How a curated demo dialogue is described: enough to build it, short enough to list forty."""

from __future__ import annotations

from dataclasses import dataclass

from app.demo.plans import Step
from app.dialogues.models import (
    ConsentLevel,
    DialogueFormat,
    DialogueStatus,
    PriorityKind,
    Sector,
    Visibility,
)
from app.outcomes.models import OutcomeKind, OutcomeStatus

# Sessions held less than this many days ago are "held"; older ones have been written up.
REPORTED_AFTER_DAYS = 40


@dataclass(frozen=True)
class TimedStep:
    days_after: int  # days after the dialogue was held
    step: Step


@dataclass(frozen=True)
class OutcomeSpec:
    kind: OutcomeKind
    text: str
    theme: str
    responsible: str  # a DemoOrganization key
    status: OutcomeStatus
    due_after_days: int
    timeline: tuple[TimedStep, ...] = ()  # empty: a timeline that fits the status is generated


@dataclass(frozen=True)
class StatementSpec:
    text: str
    speaker_role: str
    consent: ConsentLevel
    speaker_name: str | None = None
    of_convener: bool = False  # the speaker belongs to the convening organisation


@dataclass(frozen=True)
class DialogueSpec:
    """A dialogue of the curated demo; missing content is written from its themes' phrases."""

    title_en: str
    title_ar: str
    city: str  # a city code
    organizer: str  # a DemoOrganization key
    days_ago: int  # negative: planned, in the future
    visibility: Visibility
    themes: tuple[str, ...]
    format: DialogueFormat = DialogueFormat.SESSION
    partners: tuple[str, ...] = ()  # organisations linked as partners
    participants: tuple[str, ...] = ()  # organisations linked as participants
    co_organizers: tuple[str, ...] = ()
    funded: bool = True  # the demo donor is linked as funder
    status: DialogueStatus | None = None  # None: derived from days_ago
    venue: str | None = None
    summary_ar: str | None = None
    summary_en: str | None = None
    # Explicit content; when empty, written from the themes.
    axes: tuple[tuple[str, str], ...] = ()  # (title, theme code)
    priorities: tuple[tuple[PriorityKind, str, str], ...] = ()  # (kind, text, theme code)
    outcomes: tuple[OutcomeSpec, ...] = ()
    # (text, speaker role, consent: True = publish without the name) or a StatementSpec
    statements: tuple[tuple[str, str, bool] | StatementSpec, ...] = ()
    attendance: tuple[int, int, int, int] | None = None  # total, women, men, youth
    sectors: tuple[tuple[Sector, int], ...] = ()
    follows_up: str | None = None  # title_en of the dialogue whose outcomes this one follows up
    # The convening organisation's name as the report writes it, when not the organiser:
    # proposed by the organiser and left unconfirmed (an admin confirms or merges it).
    convening: str | None = None
    sources: tuple[str, ...] = ()  # citations (publisher), dated the dialogue's day, no address
    time_known: bool = True  # False: no start time (the report gives none)

    @property
    def derived_status(self) -> DialogueStatus:
        if self.status is not None:
            return self.status
        if self.days_ago < 0:
            return DialogueStatus.PLANNED
        if self.days_ago < REPORTED_AFTER_DAYS:
            return DialogueStatus.HELD
        return DialogueStatus.REPORTED
