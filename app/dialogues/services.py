"""Writes to dialogues. Services flush and audit; the request handler commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.audit import services as audit
from app.audit.models import AuditEvent
from app.db import utcnow
from app.dialogues.forms import DialogueForm
from app.dialogues.held import took_place
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueFormat,
    DialogueOrganization,
    DialogueStatus,
    LinkRole,
    Priority,
    PriorityKind,
    Sector,
    SectorCount,
    Statement,
    Visibility,
)
from app.extensions import db
from app.outcomes.models import Outcome, OutcomeKind, UpdateKind
from app.outcomes.services import record_assignment
from app.photos.services import store_photo
from app.search.indexing import dialogue_search_text

SCALAR_FIELDS = (
    "title_ar",
    "title_en",
    "held_on",
    "starts_at",
    "venue",
    "summary_ar",
    "summary_en",
    "participants_total",
    "participants_women",
    "participants_men",
    "participants_youth",
    "source_links",
)


class EditConflict(Exception):
    """Someone saved the dialogue since this form was loaded."""

    def __init__(self, events: list[AuditEvent]) -> None:
        super().__init__("edit conflict")
        self.events = events


class DuplicateSubmission(Exception):
    def __init__(self, dialogue_id: int) -> None:
        super().__init__("duplicate submission")
        self.dialogue_id = dialogue_id


class OutcomeHasFollowUp(Exception):
    """An outcome with a follow-up timeline cannot be dropped from its dialogue's form."""


class OutcomesNeedHeldDialogue(Exception):
    """Outcomes only exist for dialogues that took place (app.dialogues.held)."""


def _optional_int(value: Any) -> int | None:
    """A row's hidden id or an optional choice; anything but a plain number counts as none."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() else None


def _apply_scalars(dialogue: Dialogue, form: DialogueForm) -> None:
    for name in SCALAR_FIELDS:
        value = form[name].data
        if isinstance(value, str):
            value = value.strip() or None
        setattr(dialogue, name, value)
    dialogue.format = DialogueFormat(form.format.data)
    dialogue.status = DialogueStatus(form.status.data)
    dialogue.visibility = Visibility(form.visibility.data)
    dialogue.city_id = int(form.city_id.data)


def _replace_children(dialogue: Dialogue, form: DialogueForm) -> list[Outcome]:
    """Returns the outcomes that got a new responsible organisation (to record the assignment)."""
    dialogue.links = [
        DialogueOrganization(
            organization_id=int(row["organization_id"]), role=LinkRole(row["role"])
        )
        for row in form.filled_rows("links")
    ]
    dialogue.sector_counts = [
        SectorCount(sector=Sector(name), count=count)
        for name, count in form.sector_counts().items()
    ]
    # Positions must stay unique while old rows are deleted and new ones inserted.
    if dialogue.id is not None and dialogue.axes:
        dialogue.axes = []
        db.session.flush()
    dialogue.axes = [
        Axis(position=position, title=row["title"], theme_id=int(row["theme_id"]))
        for position, row in enumerate(form.filled_rows("axes"), start=1)
    ]
    dialogue.priorities = [
        Priority(
            kind=PriorityKind(row["kind"]),
            text=row["text"],
            theme_id=int(row["theme_id"]),
            rank=rank,
        )
        for rank, row in enumerate(form.filled_rows("priorities"), start=1)
    ]
    assigned = _merge_outcomes(dialogue, form)
    _merge_statements(dialogue, form)
    return assigned


def _merge_statements(dialogue: Dialogue, form: DialogueForm) -> None:
    """Consent is recorded with a time, kept while it stays given."""
    existing = {statement.id: statement for statement in dialogue.statements}
    kept: list[Statement] = []
    for row in form.filled_rows("statements"):
        statement = existing.pop(_optional_int(row["id"]) or -1, None) or Statement()
        statement.text = row["text"]
        statement.speaker_role = row["speaker_role"] or None
        statement.speaker_organization_id = _optional_int(row["speaker_organization_id"])
        if row["consent_to_publish"] and not statement.consent_to_publish:
            statement.consent_recorded_at = utcnow()
        elif not row["consent_to_publish"]:
            statement.consent_recorded_at = None
        statement.consent_to_publish = bool(row["consent_to_publish"])
        kept.append(statement)
    dialogue.statements = kept


def _merge_outcomes(dialogue: Dialogue, form: DialogueForm) -> list[Outcome]:
    """Outcomes keep their identity (and follow-up timeline) across edits."""
    existing = {outcome.id: outcome for outcome in dialogue.outcomes}
    kept: list[Outcome] = []
    assigned: list[Outcome] = []
    for row in form.outcomes:
        data = row.form.data
        if row.form.is_blank():
            continue
        outcome = existing.pop(_optional_int(data["id"]) or -1, None) or Outcome()
        outcome.kind = OutcomeKind(data["kind"])
        outcome.text = data["text"]
        outcome.theme_id = int(data["theme_id"])
        responsible = _optional_int(data["responsible_org_id"])
        if responsible is not None and responsible != outcome.responsible_org_id:
            assigned.append(outcome)
        outcome.responsible_org_id = responsible
        outcome.due_on = data["due_on"]
        kept.append(outcome)
    if kept and not took_place(dialogue):
        raise OutcomesNeedHeldDialogue()
    for removed in existing.values():
        # Its own assignment is no follow-up: a mistaken row can go until the partner acts.
        if any(update.kind != UpdateKind.ASSIGNMENT for update in removed.updates):
            raise OutcomeHasFollowUp(removed.id)
    dialogue.outcomes = kept
    return assigned


def _record_assignments(outcomes: list[Outcome], user: Any) -> None:
    for outcome in outcomes:
        record_assignment(outcome, user)


def _add_photo(dialogue: Dialogue, form: DialogueForm, user: Any) -> None:
    if form.photo.prepared is not None:
        store_photo(
            form.photo.prepared, dialogue=dialogue, caption=form.photo_caption.data, user=user
        )


def _refresh_search_text(dialogue: Dialogue) -> None:
    dialogue.search_text = dialogue_search_text(dialogue)


def create_dialogue(form: DialogueForm, *, user: Any, organizer_id: int) -> Dialogue:
    key = form.creation_key.data or None
    if key:
        earlier = dialogue_with_creation_key(key)
        if earlier is not None:
            raise DuplicateSubmission(earlier)
    dialogue = Dialogue(organizer_org_id=organizer_id, created_by_id=user.id, creation_key=key)
    _apply_scalars(dialogue, form)
    db.session.add(dialogue)
    assigned = _replace_children(dialogue, form)
    _refresh_search_text(dialogue)
    changes = {**audit.changed_fields(dialogue), **_children_summary(dialogue)}
    db.session.flush()
    audit.record("create", dialogue, user=user, changes={**changes, "_version": dialogue.version})
    _record_assignments(assigned, user)
    _add_photo(dialogue, form, user)
    return dialogue


def dialogue_with_creation_key(key: str) -> int | None:
    """The id of the dialogue a form with this creation key already registered, if any."""
    return db.session.scalar(sa.select(Dialogue.id).where(Dialogue.creation_key == key))


def update_dialogue(dialogue: Dialogue, form: DialogueForm, *, user: Any) -> Dialogue:
    loaded_version = _optional_int(form.version.data)
    stored_version = _lock_for_update(dialogue)
    if loaded_version is not None and loaded_version != stored_version:
        raise EditConflict(changes_since(dialogue, loaded_version))
    before = _children_summary(dialogue)
    _apply_scalars(dialogue, form)
    changes = audit.changed_fields(dialogue)  # before the row replacement flushes them
    assigned = _replace_children(dialogue, form)
    _refresh_search_text(dialogue)
    after = _children_summary(dialogue)
    changes.update({key: [before[key], after[key]] for key in after if before[key] != after[key]})
    dialogue.updated_at = utcnow()  # bumps the version even when only rows changed
    db.session.flush()
    audit.record("update", dialogue, user=user, changes={**changes, "_version": dialogue.version})
    _record_assignments(assigned, user)
    _add_photo(dialogue, form, user)
    return dialogue


def _lock_for_update(dialogue: Dialogue) -> int:
    """The version as stored now, with the dialogue's row locked until the transaction ends.

    Saves of one dialogue (from any app server) take turns here, before any of its rows is
    touched: without the lock, a save that changes only repeating rows (deleting axes and links
    first, the dialogue's row last) and a save that changes a title (the dialogue's row first)
    locked the same rows in opposite orders and PostgreSQL ended one of them with a deadlock
    (a 500). The second save now waits, sees the first one's version and gets the conflict page.
    SQLite, which writes one transaction at a time, ignores FOR UPDATE."""
    return db.session.scalar(
        sa.select(Dialogue.version).where(Dialogue.id == dialogue.id).with_for_update()
    )


def _children_summary(dialogue: Dialogue) -> dict[str, Any]:
    return {
        "axes": [f"{a.title} [{a.theme_id}]" for a in dialogue.axes],
        "priorities": [f"{p.kind}: {p.text}" for p in dialogue.priorities],
        "outcomes": [f"{o.kind}: {o.text}" for o in dialogue.outcomes],
        "links": sorted(f"{link.organization_id}:{link.role}" for link in dialogue.links),
        "sectors": {c.sector.value: c.count for c in dialogue.sector_counts},
        "statements": [
            f"{s.text} ({'consent' if s.consent_to_publish else 'no consent'})"
            for s in dialogue.statements
        ],
    }


def changes_since(dialogue: Dialogue, version: int) -> list[AuditEvent]:
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.entity_type == "dialogues", AuditEvent.entity_id == dialogue.id)
        .order_by(AuditEvent.id)
    )
    return [e for e in events if (e.changes or {}).get("_version", 0) > version]


def archive_dialogue(dialogue: Dialogue, *, user: Any) -> None:
    dialogue.archived_at = utcnow()
    db.session.flush()
    audit.record("archive", dialogue, user=user, changes={"_version": dialogue.version})


def restore_dialogue(dialogue: Dialogue, *, user: Any) -> None:
    dialogue.archived_at = None
    db.session.flush()
    audit.record("restore", dialogue, user=user, changes={"_version": dialogue.version})


def history(dialogue: Dialogue) -> list[AuditEvent]:
    """The dialogue's own events and those of its photos, newest first."""
    own = sa.and_(AuditEvent.entity_type == "dialogues", AuditEvent.entity_id == dialogue.id)
    photos = sa.and_(
        AuditEvent.entity_type == "photos",
        AuditEvent.changes["dialogue_id"].as_integer() == dialogue.id,
    )
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(sa.or_(own, photos))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
    )
