"""Records as the API's plain dicts. Each takes the viewer: what a field may show depends on
who asks, exactly as on the pages (venue coordinates, unconsented statements). No e-mail
address or person's name is ever part of a record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import url_for

from app.dashboards import suppression
from app.dashboards.indicators import NOT_RECORDED, Participants, dialogue_participants
from app.dashboards.suppression import Count
from app.dialogues import permissions
from app.dialogues.models import Axis, Dialogue
from app.outcomes.models import Outcome, OutcomeUpdate


def utc(moment: datetime | None) -> datetime | None:
    """Stored times are naive UTC; ISO 8601 in the API carries the offset."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def named(record: Any) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"id": record.id, "name_ar": record.name_ar, "name_en": record.name_en}


def place_ref(place: Any) -> dict[str, Any]:
    return {**named(place), "code": place.code}


def place(record: Any) -> dict[str, Any]:
    return {
        **place_ref(record),
        "kind": record.kind.value,
        "governorate_id": record.governorate_id,
        "district_id": record.district_id,
        "lat": record.lat,
        "lon": record.lon,
    }


theme_ref = place_ref


def theme(record: Any) -> dict[str, Any]:
    return {**theme_ref(record), "description_en": record.description_en, "active": record.active}


def organization(record: Any) -> dict[str, Any]:
    return {
        **named(record),
        "kind": record.kind.value,
        "home_city_id": record.home_city_id,
        "website": record.website,
    }


def dialogue_summary(dialogue: Dialogue) -> dict[str, Any]:
    return {
        "id": dialogue.id,
        "url": url_for("api.dialogue", dialogue_id=dialogue.id, _external=True),
        "page_url": url_for("dialogues.detail", dialogue_id=dialogue.id, _external=True),
        "title_ar": dialogue.title_ar,
        "title_en": dialogue.title_en,
        "format": dialogue.format.value,
        "status": dialogue.status.value,
        "visibility": dialogue.visibility.value,
        "held_on": dialogue.held_on,
        "city": place_ref(dialogue.city),
        "organizer": named(dialogue.organizer),
    }


def count(value: Count) -> dict[str, Any]:
    """A participant figure as the viewer may see it, the same rule as the pages
    (app.dashboards.suppression): null when small or not recorded; rounded for the public and
    donors."""
    return {
        "value": value.value,
        "suppressed": "small" if value.small else None,
        "rounded": value.rounded,
        "recorded": value.recorded,
    }


def _share(part: Count, whole: Count) -> float | None:
    if part.value is None or whole.value is None or whole.value == 0:
        return None
    return min(part.value / whole.value, 1.0)


def participants(figures: Participants, sectors: list[str] | None = None) -> dict[str, Any]:
    """Participant figures; `sectors` limits the breakdown to the sectors recorded."""
    by_sector = figures.by_sector if sectors is None else {s: figures.by_sector[s] for s in sectors}
    return {
        "total": count(figures.total),
        "women": count(figures.by_sex["women"]),
        "men": count(figures.by_sex["men"]),
        "sex_not_recorded": count(figures.by_sex[NOT_RECORDED]),
        "youth": count(figures.youth["youth"]),
        "by_sector": {sector: count(n) for sector, n in by_sector.items()},
        "share_women": _share(figures.by_sex["women"], figures.women_base),
        "share_youth": _share(figures.youth["youth"], figures.youth_base),
        "dialogues": figures.dialogues,
        "dialogues_recorded": figures.recorded,
        "dialogues_sex_recorded": figures.sex_recorded,
        "dialogues_youth_recorded": figures.youth_recorded,
        "dialogues_sectors_recorded": figures.sectors_recorded,
    }


def dialogue_figures(dialogue: Dialogue, user: Any) -> dict[str, Any]:
    """A dialogue's participants as its page shows them to this viewer."""
    recorded = {row.sector.value: row.count for row in dialogue.sector_counts}
    figures = dialogue_participants(
        dialogue.id,
        dialogue.participants_total,
        dialogue.participants_women,
        dialogue.participants_men,
        dialogue.participants_youth,
        recorded,
        suppressed=suppression.suppresses_for(user),
    )
    return participants(figures, sectors=list(recorded))


def axis(record: Axis | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "id": record.id,
        "position": record.position,
        "title": record.title,
        "theme": theme_ref(record.theme),
    }


def outcome_summary(outcome: Outcome, today: date | None = None) -> dict[str, Any]:
    return {
        "id": outcome.id,
        "url": url_for("api.outcome", outcome_id=outcome.id, _external=True),
        "page_url": url_for("outcomes.detail", outcome_id=outcome.id, _external=True),
        "dialogue_id": outcome.dialogue_id,
        "kind": outcome.kind.value,
        "text": outcome.text,
        "theme": theme_ref(outcome.theme),
        "responsible_organization": named(outcome.responsible_org),
        "due_on": outcome.due_on,
        "status": outcome.status.value,
        "progress_reported": outcome.progress_reported,
        "progress_verified": outcome.progress_verified,
        "overdue": outcome.is_overdue(today or date.today()),
        "declined": outcome.declined_at is not None,
    }


def dialogue_detail(dialogue: Dialogue, user: Any) -> dict[str, Any]:
    coordinates = permissions.can_see_venue_coordinates(user, dialogue) and (
        dialogue.venue_lat is not None and dialogue.venue_lon is not None
    )
    today = date.today()
    return {
        **dialogue_summary(dialogue),
        "starts_at": dialogue.starts_at.strftime("%H:%M") if dialogue.starts_at else None,
        "venue": dialogue.venue,
        "venue_location": {"lat": dialogue.venue_lat, "lon": dialogue.venue_lon}
        if coordinates
        else None,
        "summary_ar": dialogue.summary_ar,
        "summary_en": dialogue.summary_en,
        "participants": dialogue_figures(dialogue, user),
        "organizations": [
            {"organization": named(link.organization), "role": link.role.value}
            for link in dialogue.links
        ],
        "source_links": [
            line.strip() for line in (dialogue.source_links or "").splitlines() if line.strip()
        ],
        "axes": [axis(record) for record in dialogue.axes],
        "priorities": [
            {
                "id": p.id,
                "rank": p.rank,
                "kind": p.kind.value,
                "text": p.text,
                "theme": theme_ref(p.theme),
            }
            for p in dialogue.priorities
        ],
        "outcomes": [outcome_summary(o, today) for o in dialogue.outcomes],
        "statements": [
            {
                "id": s.id,
                "text": s.text,
                "speaker_role": s.speaker_role,
                "speaker_organization": named(s.speaker_organization),
            }
            for s in permissions.visible_statements(user, dialogue)
        ],
        "archived": dialogue.is_archived,
        "updated_at": utc(dialogue.updated_at),
    }


def update(record: OutcomeUpdate) -> dict[str, Any]:
    """A step of the timeline: which organisation, never which person."""
    return {
        "id": record.id,
        "kind": record.kind.value,
        "created_at": utc(record.created_at),
        "organization": named(record.organization),
        "status": record.status.value if record.status else None,
        "progress": record.progress,
        "note": record.note,
        "evidence_url": record.evidence_url,
        "reported_on": record.reported_on,
        "answers_update_id": record.answers_update_id,
    }


def outcome_detail(outcome: Outcome) -> dict[str, Any]:
    dialogue = outcome.dialogue
    return {
        **outcome_summary(outcome),
        "dialogue": {
            "id": dialogue.id,
            "url": url_for("api.dialogue", dialogue_id=dialogue.id, _external=True),
            "title_ar": dialogue.title_ar,
            "title_en": dialogue.title_en,
            "held_on": dialogue.held_on,
            "city": place_ref(dialogue.city),
        },
        "axis": axis(outcome.axis),
        "version": outcome.version,
        "timeline": [update(u) for u in outcome.updates],
    }
