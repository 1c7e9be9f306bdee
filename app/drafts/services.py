"""From a report to the ordinary dialogue form: extraction with the live reference data, the
form's prefill, and keeping the report with the saved dialogue."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from app.drafts.extract import extract
from app.drafts.models import DialogueReport
from app.drafts.readers import check_text
from app.drafts.reference import from_database
from app.drafts.types import Draft
from app.extensions import db

LINK_ROLES = {"co_organizer", "partner", "participant", "funder"}


def draft_report(text: str, published_on: date | None, organization_id: int | None) -> Draft:
    """The draft of a report's text (already read and checked) for a recording organisation,
    nothing stored."""
    return extract(check_text(text), published_on or date.today(), from_database(organization_id))


def prefill(draft: Draft, organization_id: int | None, creation_key: str) -> SimpleNamespace:
    """The draft shaped like the dialogue form (as the edit page shapes a stored dialogue).
    Unknown stays blank; consent is never given; sectors named without numbers get none."""
    value = lambda found: found.value if found is not None else None  # noqa: E731
    title = value(draft.title)
    held_on = value(draft.held_on)
    links = [
        {"organization_id": str(o.registry_id), "role": o.role}
        for o in draft.organizations
        if o.registry_id and o.role in LINK_ROLES and o.registry_id != organization_id
    ]
    convener = draft.organizer
    convening_id = convening_name = ""
    if convener is not None and convener.registry_id and convener.registry_id != organization_id:
        convening_id = str(convener.registry_id)
    elif convener is not None and not convener.registry_id:
        convening_name = convener.name[:200]  # proposed by name, unconfirmed until an admin acts
    publisher = value(draft.publisher)
    return SimpleNamespace(
        title_ar=title if draft.language == "ar" else None,
        title_en=title if draft.language == "en" else None,
        format=value(draft.format) or "session",
        held_on=held_on,
        held_on_precision="day",
        starts_at=None,
        convening_org_id=convening_id,
        convening_org_name=convening_name,
        city_id=str(draft.city_id) if draft.city_id else "",
        venue=value(draft.venue),
        summary_ar=value(draft.summary) if draft.language == "ar" else None,
        summary_en=value(draft.summary) if draft.language == "en" else None,
        status="planned" if held_on and held_on > date.today() else "held",
        visibility="partners",
        participants_total=value(draft.participants_total),
        participants_women=value(draft.participants_women),
        participants_men=value(draft.participants_men),
        participants_youth=value(draft.participants_youth),
        sectors={},
        sources=(
            [{"publisher": publisher[:300], "url": "", "published_on": draft.published_on}]
            if publisher
            else []
        )
        + [{}],
        version=None,
        creation_key=creation_key,
        links=links + [{}],
        axes=[{"title": a.text[:500], "theme_id": str(a.theme_id or "")} for a in draft.axes]
        + [{}],
        priorities=[
            {"kind": p.kind, "text": p.text, "theme_id": str(p.theme_id or "")}
            for p in draft.priorities
        ]
        + [{}],
        outcomes=[
            {"kind": "recommendation", "text": r.text, "theme_id": str(r.theme_id or "")}
            for r in draft.recommendations
        ]
        + [{}],
        statements=[
            {
                "text": s.text,
                "speaker_name": (s.speaker_name or "")[:200],
                "speaker_role": (s.speaker_role or "")[:200],
                "consent_level": "internal",  # not for publication: the organiser decides
            }
            for s in draft.statements
        ]
        + [{}],
    )


def keep_report(dialogue: Any, form: Any, user: Any) -> DialogueReport | None:
    """The report the dialogue was drafted from, kept as its source (with the normal save)."""
    text = (form.get("report_text") or "").strip()
    if not text:
        return None
    try:
        text = check_text(text)
    except ValueError:
        return None
    published = _date(form.get("report_published_on"))
    report = DialogueReport(
        dialogue_id=dialogue.id,
        publisher=(form.get("report_publisher") or "").strip()[:200] or None,
        published_on=published,
        text=text,
        created_by_id=user.id,
    )
    db.session.add(report)
    db.session.flush()
    return report


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_of(dialogue_id: int) -> DialogueReport | None:
    return db.session.scalar(
        db.select(DialogueReport).where(DialogueReport.dialogue_id == dialogue_id)
    )
