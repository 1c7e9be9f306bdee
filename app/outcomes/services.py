"""The follow-up of an outcome: assignment, answer, progress reports, verification, comments.

Every step is an OutcomeUpdate (the timeline), an AuditEvent and notifications. Services flush,
the request handler commits. Views check permissions (app.dialogues.permissions) first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from app.audit import services as audit
from app.db import utcnow
from app.dialogues.models import Dialogue
from app.extensions import db
from app.notifications.models import NotificationKind
from app.notifications.services import notify
from app.outcomes.models import (
    Outcome,
    OutcomeStatus,
    OutcomeUpdate,
    UpdateKind,
    outcome_followups,
)

REPORTABLE_STATUSES = (
    OutcomeStatus.IN_PROGRESS,
    OutcomeStatus.ACHIEVED,
    OutcomeStatus.STALLED,
    OutcomeStatus.DROPPED,
)


class StaleForm(Exception):
    """The outcome changed since the form was loaded; the user must look again."""


class NotPossible(Exception):
    """The step does not apply to the outcome as it stands (the message says why)."""


def _check_version(outcome: Outcome, version: int | None) -> None:
    if version is not None and version != outcome.version:
        raise StaleForm


def _step(outcome: Outcome, kind: UpdateKind, user: Any, **fields: Any) -> OutcomeUpdate:
    update = OutcomeUpdate(
        outcome=outcome,
        kind=kind,
        author_id=user.id,
        organization_id=user.organization_id,
        **fields,
    )
    db.session.add(update)
    outcome.updated_at = utcnow()  # bumps the version: a stale form on another tab now conflicts
    db.session.flush()
    audit.record(
        kind.value,
        outcome,
        user=user,
        changes={"update_id": update.id, **{k: v for k, v in fields.items() if v is not None}},
    )
    return update


def record_assignment(outcome: Outcome, user: Any) -> OutcomeUpdate | None:
    """The dialogue form gave the outcome a (new) responsible organisation."""
    if outcome.responsible_org_id is None:
        return None
    outcome.declined_at = None
    if outcome.status == OutcomeStatus.ACCEPTED:
        outcome.status = OutcomeStatus.PROPOSED  # the new organisation has not said yes yet
    update = _step(outcome, UpdateKind.ASSIGNMENT, user)
    notify(NotificationKind.ASSIGNMENT, outcome, update=update, actor=user)
    return update


def accept(outcome: Outcome, *, user: Any, version: int | None) -> OutcomeUpdate:
    _check_version(outcome, version)
    if outcome.status != OutcomeStatus.PROPOSED:
        raise NotPossible
    outcome.status = OutcomeStatus.ACCEPTED
    outcome.declined_at = None
    update = _step(outcome, UpdateKind.ACCEPTANCE, user, status=OutcomeStatus.ACCEPTED)
    notify(NotificationKind.ANSWER, outcome, update=update, actor=user)
    return update


def decline(outcome: Outcome, *, user: Any, reason: str, version: int | None) -> OutcomeUpdate:
    _check_version(outcome, version)
    if outcome.status != OutcomeStatus.PROPOSED or outcome.declined_at is not None:
        raise NotPossible
    outcome.declined_at = utcnow()
    update = _step(outcome, UpdateKind.DECLINE, user, note=reason)
    notify(NotificationKind.ANSWER, outcome, update=update, actor=user)
    return update


def report_progress(
    outcome: Outcome,
    *,
    user: Any,
    status: OutcomeStatus,
    progress: int,
    note: str | None,
    evidence_url: str | None,
    reported_on: date,
    photo: Any = None,
    caption: str | None = None,
    photos: Any = None,
    prepared: Any = (),
) -> OutcomeUpdate:
    """`photo` and `caption`: one photo; `prepared` (file name, PreparedPhoto) pairs with the
    captions in `photos` (app.photos.pending.PhotoChoices), whose pending photos are attached."""
    """Reports are never refused for being concurrent: each lands, in order."""
    if outcome.status == OutcomeStatus.PROPOSED and outcome.declined_at is not None:
        raise NotPossible
    outcome.status = status
    outcome.progress_reported = progress
    update = _step(
        outcome,
        UpdateKind.PROGRESS,
        user,
        status=status,
        progress=progress,
        note=note,
        evidence_url=evidence_url,
        reported_on=reported_on,
    )
    from app.photos.services import attach_pending_photos, store_photo

    if photo is not None:
        store_photo(photo, outcome_update=update, caption=caption, user=user)
    captions = list(photos.new_captions) if photos is not None else []
    for index, (_name, prepared_photo) in enumerate(prepared):
        caption_of = captions[index] if index < len(captions) else None
        store_photo(prepared_photo, outcome_update=update, caption=caption_of, user=user)
    if photos is not None and photos.pending:
        attach_pending_photos(photos.pending, outcome_update=update, user=user)
    notify(NotificationKind.PROGRESS, outcome, update=update, actor=user)
    return update


def latest_report(outcome: Outcome) -> OutcomeUpdate | None:
    reports = [u for u in outcome.updates if u.kind == UpdateKind.PROGRESS]
    return reports[-1] if reports else None


def answer_of(report: OutcomeUpdate) -> OutcomeUpdate | None:
    """The verification or evidence request that answered a report, if any."""
    for update in report.outcome.updates:
        if update.answers_update_id == report.id:
            return update
    return None


def verify(
    report: OutcomeUpdate, *, user: Any, note: str | None, version: int | None
) -> OutcomeUpdate:
    outcome = report.outcome
    _check_version(outcome, version)
    if report.kind != UpdateKind.PROGRESS or answer_of(report) is not None:
        raise NotPossible
    if latest_report(outcome) is report:
        outcome.progress_verified = report.progress or 0
    update = _step(
        outcome,
        UpdateKind.VERIFICATION,
        user,
        note=note,
        progress=report.progress,
        answers_update_id=report.id,
    )
    notify(NotificationKind.VERIFICATION, outcome, update=update, actor=user)
    return update


def request_evidence(
    report: OutcomeUpdate, *, user: Any, note: str, version: int | None
) -> OutcomeUpdate:
    outcome = report.outcome
    _check_version(outcome, version)
    if report.kind != UpdateKind.PROGRESS or answer_of(report) is not None:
        raise NotPossible
    update = _step(
        outcome, UpdateKind.EVIDENCE_REQUEST, user, note=note, answers_update_id=report.id
    )
    notify(NotificationKind.VERIFICATION, outcome, update=update, actor=user)
    return update


def comment(outcome: Outcome, *, user: Any, note: str) -> OutcomeUpdate:
    update = _step(outcome, UpdateKind.COMMENT, user, note=note)
    notify(NotificationKind.COMMENT, outcome, update=update, actor=user)
    return update


def link_followup(outcome: Outcome, dialogue: Dialogue, *, user: Any) -> None:
    """A later dialogue discussed this outcome again: traceability from one session to the next."""
    if dialogue.id == outcome.dialogue_id or dialogue in outcome.followed_up_in:
        raise NotPossible
    outcome.followed_up_in.append(dialogue)
    outcome.updated_at = utcnow()
    db.session.flush()
    audit.record("link_followup", outcome, user=user, changes={"dialogue_id": dialogue.id})


def followed_up_outcomes(dialogue: Dialogue, user: Any) -> list[Outcome]:
    """The outcomes of earlier dialogues that this one followed up, as far as the user may see."""
    from app.dialogues.visibility import visibility_clause

    # From the follow-up table on its dialogue_id index, then each outcome's own dialogue for the
    # visibility rule: a correlated EXISTS here scanned every outcome (issue 18).
    stmt = (
        sa.select(Outcome)
        .join(outcome_followups, outcome_followups.c.outcome_id == Outcome.id)
        .join(Outcome.dialogue)
        .where(outcome_followups.c.dialogue_id == dialogue.id, visibility_clause(user))
        .order_by(Outcome.id)
    )
    return list(db.session.scalars(stmt))
