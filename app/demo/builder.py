"""Turning a curated DialogueSpec into ORM objects: the dialogue with its links, counts, axes,
priorities, outcomes (with their follow-up timelines) and statements, and its search text.

Each dialogue draws its details from a generator seeded with its own title, so it comes out the
same whatever else is loaded, and adding a dialogue to the catalogue changes no other one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from app.auth.models import User
from app.demo import phrases, plans
from app.demo.content import DONOR_ORG
from app.demo.specs import DialogueSpec, OutcomeSpec
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueFormat,
    DialogueOrganization,
    DialogueStatus,
    LinkRole,
    Priority,
    SectorCount,
    Statement,
)
from app.organizations.models import Organization
from app.outcomes.models import Outcome, OutcomeUpdate, UpdateKind
from app.places.models import Place
from app.search.indexing import dialogue_search_text
from app.themes.models import Theme

FORMAT_AR = {
    DialogueFormat.SESSION: "جلسة حوارية",
    DialogueFormat.WORKSHOP: "ورشة عمل",
    DialogueFormat.ROUNDTABLE: "طاولة مستديرة",
    DialogueFormat.CONSULTATION: "جلسة تشاورية",
    DialogueFormat.FORUM: "منتدى حواري",
    DialogueFormat.ONLINE: "جلسة حوارية عبر الإنترنت",
}
FORMAT_EN = {
    DialogueFormat.SESSION: "Dialogue session",
    DialogueFormat.WORKSHOP: "Workshop",
    DialogueFormat.ROUNDTABLE: "Roundtable",
    DialogueFormat.CONSULTATION: "Consultation",
    DialogueFormat.FORUM: "Forum",
    DialogueFormat.ONLINE: "Online dialogue",
}
VENUES = (
    "قاعة المركز الثقافي",
    "مقر جمعية أهلية",
    "قاعة فندق في وسط المدينة",
    "قاعة المكتبة العامة",
    "مقر المجلس المحلي",
)
START_HOURS = (10, 11, 16, 17)


# Real reports do not always give numbers (NOTES.md: unknown is not zero): a few demo dialogues
# recorded no attendance at all, and a few recorded women and men but no sectors.
ATTENDANCE_NOT_RECORDED = frozenset({"Civil peace in Tall Kalakh", "Coexistence in As-Salamiyeh"})
SECTORS_NOT_RECORDED = frozenset(
    {"Community mediation in Hama", "Mine risk and farmland around Ar-Rastan"}
)


@dataclass(frozen=True)
class References:
    """What specs refer to by key or code, loaded once."""

    organizations: dict[str, Organization]  # by demo key
    cities: dict[str, Place]  # by code
    themes: dict[str, Theme]  # by code
    staff: dict[int, User]  # by organisation id: who writes that organisation's updates


class Named(Protocol):
    """Anything with Arabic and English names: a model, or the synthetic generator's tuples."""

    @property
    def name_ar(self) -> str | None: ...

    @property
    def name_en(self) -> str | None: ...


def summaries(
    format_: DialogueFormat,
    city: Named,
    organizer: Named,
    axis_titles: list[str],
    themes: list[Named],
) -> tuple[str, str]:
    """An Arabic and an English summary for a dialogue that has no written one."""
    arabic = (
        f"{FORMAT_AR[format_]} في {city.name_ar} بتنظيم {organizer.name_ar}. "
        f"محاور النقاش: {'؛ '.join(axis_titles)}."
    )
    topics = ", ".join((theme.name_en or "").lower() for theme in themes)
    english = f"{FORMAT_EN[format_]} in {city.name_en} run by {organizer.name_en}, on {topics}."
    return arabic, english


class DialogueBuilder:
    """Builds curated dialogues; call link_answers() after they have been flushed."""

    def __init__(self, refs: References, today: date) -> None:
        self.refs = refs
        self.today = today
        # (verification, the report it answers): linked after the first flush, because a row that
        # references its own table is inserted after the others, and the timeline (ordered by id)
        # would come out of order.
        self.pending_answers: list[tuple[OutcomeUpdate, OutcomeUpdate]] = []

    def link_answers(self) -> None:
        for verification, report in self.pending_answers:
            verification.answers = report
        self.pending_answers.clear()

    def build(self, spec: DialogueSpec) -> Dialogue:
        """The dialogue with everything it holds, unsaved."""
        refs = self.refs
        rng = random.Random(spec.title_en)
        held_on = self.today - timedelta(days=spec.days_ago)
        organizer = refs.organizations[spec.organizer]
        city = refs.cities[spec.city]
        status = spec.derived_status
        in_person = spec.format != DialogueFormat.ONLINE
        dialogue = Dialogue(
            title_en=spec.title_en,
            title_ar=spec.title_ar,
            format=spec.format,
            held_on=held_on,
            starts_at=time(rng.choice(START_HOURS)),
            city=city,
            venue=(spec.venue or rng.choice(VENUES)) if in_person else None,
            organizer=organizer,
            status=status,
            visibility=spec.visibility,
            created_by=refs.staff.get(organizer.id),
            created_at=datetime.combine(min(held_on, self.today) - timedelta(days=14), time(9)),
        )
        dialogue.links = _links(spec, refs)
        dialogue.axes = _axes(spec, refs)
        themes = [refs.themes[code] for code in spec.themes]
        axis_titles = [axis.title for axis in dialogue.axes]
        generated = summaries(spec.format, city, organizer, axis_titles, themes)
        dialogue.summary_ar = spec.summary_ar or generated[0]
        dialogue.summary_en = spec.summary_en or generated[1]
        if status != DialogueStatus.PLANNED:
            self._record_what_happened(dialogue, spec, rng)
        dialogue.search_text = dialogue_search_text(dialogue)
        return dialogue

    def _record_what_happened(
        self, dialogue: Dialogue, spec: DialogueSpec, rng: random.Random
    ) -> None:
        if spec.attendance:
            counts = plans.Attendance(*spec.attendance, sectors=dict(spec.sectors))
        else:
            counts = plans.attendance(rng, rng.randint(15, 60))
        if spec.title_en in ATTENDANCE_NOT_RECORDED:
            pass  # the report gave no numbers: every count stays "not recorded"
        else:
            dialogue.participants_total, dialogue.participants_women = counts.total, counts.women
            dialogue.participants_men, dialogue.participants_youth = counts.men, counts.youth
            if spec.title_en not in SECTORS_NOT_RECORDED:
                dialogue.sector_counts = [
                    SectorCount(sector=s, count=n) for s, n in counts.sectors.items()
                ]
        dialogue.priorities = _priorities(spec, self.refs)
        outcome_specs = spec.outcomes or _generated_outcomes(spec, self.refs, rng)
        dialogue.outcomes = [self._outcome(o, dialogue, rng) for o in outcome_specs]
        dialogue.statements = _statements(spec, dialogue.held_on, rng)

    def _outcome(self, spec: OutcomeSpec, dialogue: Dialogue, rng: random.Random) -> Outcome:
        held_on = dialogue.held_on
        if spec.timeline:
            steps = [timed.step for timed in spec.timeline]
            dates = [held_on + timedelta(days=timed.days_after) for timed in spec.timeline]
            plan = plans.timeline(rng, spec.status, steps, dates)
        else:
            plan = plans.follow_up(rng, spec.status, held_on, self.today)
        responsible = self.refs.organizations[spec.responsible]
        outcome = Outcome(
            kind=spec.kind,
            text=spec.text,
            theme=self.refs.themes[spec.theme],
            axis=next((a for a in dialogue.axes if a.theme.code == spec.theme), None),
            responsible_org=responsible,
            due_on=held_on + timedelta(days=spec.due_after_days),
            status=plan.status,
            progress_reported=plan.progress_reported,
            progress_verified=plan.progress_verified,
            created_at=datetime.combine(held_on, time(18)),
        )
        outcome.updates = self._updates(plan, responsible, dialogue.organizer)
        return outcome

    def _updates(
        self, plan: plans.FollowUpPlan, responsible: Organization, organizer: Organization
    ) -> list[OutcomeUpdate]:
        updates: list[OutcomeUpdate] = []
        for index, step in enumerate(plan.updates):
            organization = responsible if step.by_responsible else organizer
            updates.append(
                OutcomeUpdate(
                    kind=step.kind,
                    author=self.refs.staff.get(organization.id),
                    organization=organization,
                    status=step.status,
                    progress=step.progress,
                    note=step.note,
                    evidence_url=step.evidence_url,
                    reported_on=step.on if step.kind == UpdateKind.PROGRESS else None,
                    created_at=datetime.combine(step.on, time(9 + index % 9)),
                )
            )
            if step.answers is not None:
                self.pending_answers.append((updates[-1], updates[step.answers]))
        return updates


def _links(spec: DialogueSpec, refs: References) -> list[DialogueOrganization]:
    roles = [(key, LinkRole.PARTNER) for key in spec.partners]
    roles += [(key, LinkRole.PARTICIPANT) for key in spec.participants]
    roles += [(key, LinkRole.CO_ORGANIZER) for key in spec.co_organizers]
    if spec.funded:
        roles.append((DONOR_ORG, LinkRole.FUNDER))
    linked: dict[str, LinkRole] = {}
    for key, role in roles:
        linked.setdefault(key, role)  # one role per organisation: the first listed
    return [
        DialogueOrganization(organization=refs.organizations[key], role=role)
        for key, role in linked.items()
        if key != spec.organizer
    ]


def _axes(spec: DialogueSpec, refs: References) -> list[Axis]:
    titled = spec.axes or tuple(
        (phrases.phrases_for(code, refs.themes[code].name_ar).axis, code) for code in spec.themes
    )
    return [
        Axis(position=position, title=title, theme=refs.themes[code])
        for position, (title, code) in enumerate(titled, start=1)
    ]


def _priorities(spec: DialogueSpec, refs: References) -> list[Priority]:
    raised = spec.priorities or tuple(
        (kind, text, code)
        for code in spec.themes
        for kind, text in phrases.phrases_for(code, refs.themes[code].name_ar).priorities
    )
    return [
        Priority(kind=kind, text=text, theme=refs.themes[code], rank=rank)
        for rank, (kind, text, code) in enumerate(raised[:5], start=1)
    ]


def _generated_outcomes(
    spec: DialogueSpec, refs: References, rng: random.Random
) -> tuple[OutcomeSpec, ...]:
    responsible = [*spec.partners, spec.organizer]
    outcomes = []
    for code in spec.themes:
        kind, text = phrases.phrases_for(code, refs.themes[code].name_ar).outcomes[0]
        status = plans.status_for_age(rng, spec.days_ago)
        due = rng.choice(plans.DUE_AFTER_DAYS)
        outcomes.append(OutcomeSpec(kind, text, code, rng.choice(responsible), status, due))
    return tuple(outcomes)


def _statements(spec: DialogueSpec, held_on: date, rng: random.Random) -> list[Statement]:
    quoted = spec.statements or tuple(
        (text, role, rng.random() < 0.5)
        for text, role in rng.sample(phrases.STATEMENTS, rng.randint(0, 2))
    )
    return [
        Statement(
            text=text,
            speaker_role=role,
            consent_to_publish=consent,
            consent_recorded_at=datetime.combine(held_on, time(13)) if consent else None,
        )
        for text, role, consent in quoted
    ]
