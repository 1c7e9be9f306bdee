"""The outcome page and its follow-up steps."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from app.dialogues import permissions
from app.dialogues.models import Dialogue
from app.dialogues.visibility import visibility_clause, visible_dialogues
from app.extensions import db
from app.i18n import format_day
from app.outcomes import services
from app.outcomes.forms import (
    AcceptForm,
    CommentForm,
    DeclineForm,
    FollowUpForm,
    ProgressForm,
    ReviewForm,
)
from app.outcomes.models import Outcome, OutcomeStatus, OutcomeUpdate, outcome_followups
from app.photos.pending import PhotoChoices, keep_pending, photo_choices

bp = Blueprint("outcomes", __name__)
REPORT_ATTEMPTS = 3

PAGE_LOADS = (
    so.joinedload(Outcome.dialogue).joinedload(Dialogue.city),
    so.joinedload(Outcome.dialogue).selectinload(Dialogue.links),
    so.joinedload(Outcome.theme),
    so.joinedload(Outcome.axis),
    so.joinedload(Outcome.responsible_org),
    so.selectinload(Outcome.updates).joinedload(OutcomeUpdate.author),
    so.selectinload(Outcome.updates).joinedload(OutcomeUpdate.organization),
    so.selectinload(Outcome.updates).selectinload(OutcomeUpdate.photos),
    so.selectinload(Outcome.followed_up_in),
)


def visible_outcome(outcome_id: int) -> Outcome:
    """Through the visibility rule: an outcome of a dialogue the viewer may not see is a 404."""
    stmt = (
        sa.select(Outcome)
        .join(Outcome.dialogue)
        .where(Outcome.id == outcome_id, visibility_clause(current_user, include_archived=True))
        .options(*PAGE_LOADS)
    )
    outcome = db.session.scalars(stmt).unique().first()
    if outcome is None:
        abort(404)
    return outcome


def later_dialogues(outcome: Outcome) -> list[tuple[str, str]]:
    """Dialogues of the organiser held after this one, to link as where it was followed up."""
    stmt = (
        visible_dialogues(current_user)
        .where(
            Dialogue.organizer_org_id == outcome.dialogue.organizer_org_id,
            Dialogue.held_on >= outcome.dialogue.held_on,
            Dialogue.id != outcome.dialogue_id,
        )
        .order_by(Dialogue.held_on.desc())
        .limit(200)
    )
    choices = [("", _("Choose a later dialogue"))]
    return choices + [
        (str(d.id), f"{format_day(d.held_on)} · {d.title}") for d in db.session.scalars(stmt)
    ]


def visible_followups(outcome: Outcome) -> list[Dialogue]:
    """The later dialogues this outcome was discussed again in, as far as the viewer may see
    them: a link from a public outcome must not reveal an internal dialogue's title."""
    linked = sa.select(outcome_followups.c.dialogue_id).where(
        outcome_followups.c.outcome_id == outcome.id
    )
    stmt = (
        visible_dialogues(current_user, include_archived=True)
        .where(Dialogue.id.in_(linked))
        .order_by(Dialogue.held_on, Dialogue.id)
    )
    return list(db.session.scalars(stmt))


def shows_people(user, outcome: Outcome) -> bool:
    """Staff names on the timeline: for admins and the staff of the responsible and the
    organising organisations; everyone else sees the organisation, not the person."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role.value == "admin":
        return True
    return user.organization_id is not None and user.organization_id in (
        outcome.responsible_org_id,
        outcome.dialogue.organizer_org_id,
    )


def page(outcome: Outcome, status: int = 200, photos: PhotoChoices | None = None, **forms):
    version = str(outcome.version)
    can_review = permissions.can_review_outcome(current_user, outcome)
    can_verify = permissions.can_verify_outcome(current_user, outcome)
    can_manage = permissions.can_manage_dialogue(current_user, outcome.dialogue)
    can_comment = can_review or can_manage
    # The forms not being re-shown empty (formdata=None): a failed progress report must not
    # copy its `note` into the comment box, which has a field of the same name.
    blank = {"formdata": None}
    defaults = {
        "accept_form": AcceptForm(version=version, **blank) if can_review else None,
        "decline_form": DeclineForm(version=version, **blank) if can_review else None,
        "progress_form": ProgressForm(**blank) if can_review else None,
        "review_form": ReviewForm(version=version, **blank) if can_verify else None,
        "comment_form": CommentForm(**blank) if can_comment else None,
        "followup_form": None,
    }
    if can_manage and current_user.role.value in ("organizer", "admin"):
        followup = FollowUpForm(**blank)
        followup.dialogue_id.choices = later_dialogues(outcome)
        defaults["followup_form"] = followup
    defaults.update({name: form for name, form in forms.items() if form is not None})
    report = services.latest_report(outcome)
    return (
        render_template(
            "outcomes/detail.html",
            outcome=outcome,
            latest_report=report,
            awaiting=report is not None and services.answer_of(report) is None,
            self_reported=permissions.is_self_reported(outcome),
            followed_up_in=visible_followups(outcome),
            shows_people=shows_people(current_user, outcome),
            answers={u.answers_update_id: u for u in outcome.updates if u.answers_update_id},
            today=date.today(),
            photos=photos,
            **defaults,
        ),
        status,
    )


@bp.route("/<int:outcome_id>")
def detail(outcome_id: int):
    return page(visible_outcome(outcome_id))


def _done(outcome: Outcome, message: str):
    try:
        db.session.commit()
    except StaleDataError:  # another step on this outcome committed in between
        return _stale(outcome.id)
    flash(message, "success")
    return redirect(url_for("outcomes.detail", outcome_id=outcome.id))


def _stale(outcome_id: int, **forms):
    db.session.rollback()
    flash(
        _(
            "Someone changed this outcome after you opened it. "
            "Look at its timeline, then try again."
        ),
        "warning",
    )
    return page(visible_outcome(outcome_id), status=409, **forms)


def _reviewable(outcome_id: int) -> Outcome:
    outcome = visible_outcome(outcome_id)
    if not permissions.can_review_outcome(current_user, outcome):
        abort(403)
    return outcome


@bp.route("/<int:outcome_id>/accept", methods=["POST"])
@login_required
def accept(outcome_id: int):
    outcome = _reviewable(outcome_id)
    form = AcceptForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.accept(outcome, user=current_user, version=form.loaded_version())
    except services.StaleForm:
        return _stale(outcome_id)
    except services.NotPossible:
        abort(409)
    return _done(outcome, _("Your organisation accepted this outcome."))


@bp.route("/<int:outcome_id>/decline", methods=["POST"])
@login_required
def decline(outcome_id: int):
    outcome = _reviewable(outcome_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return page(outcome, status=400, decline_form=form)
    try:
        services.decline(
            outcome, user=current_user, reason=form.reason.data, version=form.loaded_version()
        )
    except services.StaleForm:
        return _stale(outcome_id, decline_form=form)
    except services.NotPossible:
        abort(409)
    return _done(outcome, _("You declined this outcome; the organiser has been told."))


@bp.route("/<int:outcome_id>/progress", methods=["POST"])
@login_required
def report(outcome_id: int):
    outcome = _reviewable(outcome_id)
    form = ProgressForm()
    photos = photo_choices(form.upload_key, current_user)
    valid = form.validate_on_submit()
    if photos.errors:
        form.photos.errors = [*form.photos.errors, *photos.errors]
    if not valid or photos.errors:
        # Nothing was saved: keep the photos chosen now so that they need not be chosen again.
        keep_pending(photos, form.photos.prepared, current_user)
        db.session.commit()
        return page(outcome, status=400, progress_form=form, photos=photos)
    # Reports are never refused for being concurrent: if another step committed in between,
    # load the outcome again and file this report after it.
    for attempt in range(REPORT_ATTEMPTS):
        try:
            services.report_progress(
                outcome,
                user=current_user,
                status=OutcomeStatus(form.status.data),
                progress=form.progress.data,
                note=form.note.data or None,
                evidence_url=form.evidence_url.data or None,
                reported_on=form.reported_on.data or date.today(),
                photos=photos,
                prepared=form.photos.prepared,
            )
            db.session.commit()
            break
        except services.NotPossible:
            abort(409)
        except StaleDataError:
            db.session.rollback()
            if attempt == REPORT_ATTEMPTS - 1:
                return _stale(outcome_id, progress_form=form)
            outcome = _reviewable(outcome_id)
            photos = photo_choices(form.upload_key, current_user)
    flash(_("Your progress report was saved."), "success")
    return redirect(url_for("outcomes.detail", outcome_id=outcome.id))


def _report_to_review(outcome: Outcome, form: ReviewForm) -> OutcomeUpdate:
    update_id = int(form.update_id.data) if (form.update_id.data or "").isdigit() else None
    report = next((u for u in outcome.updates if u.id == update_id), None)
    if report is None:
        abort(404)
    return report


@bp.route("/<int:outcome_id>/verify", methods=["POST"])
@login_required
def verify(outcome_id: int):
    return _review(outcome_id, services.verify, _("The report is marked verified."))


@bp.route("/<int:outcome_id>/request-evidence", methods=["POST"])
@login_required
def request_evidence(outcome_id: int):
    return _review(outcome_id, services.request_evidence, _("More evidence was asked for."))


def _review(outcome_id: int, step, message: str):
    outcome = visible_outcome(outcome_id)
    if not permissions.can_verify_outcome(current_user, outcome):
        abort(403)
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    report = _report_to_review(outcome, form)
    if step is services.request_evidence and not form.note.data:
        form.note.errors = [_("Say what evidence is missing.")]
        return page(outcome, status=400, review_form=form)
    try:
        step(report, user=current_user, note=form.note.data or None, version=form.loaded_version())
    except services.StaleForm:
        return _stale(outcome_id, review_form=form)
    except services.NotPossible:
        abort(409)
    return _done(outcome, message)


@bp.route("/<int:outcome_id>/comments", methods=["POST"])
@login_required
def comment(outcome_id: int):
    outcome = visible_outcome(outcome_id)
    allowed = permissions.can_review_outcome(current_user, outcome) or (
        permissions.can_manage_dialogue(current_user, outcome.dialogue)
    )
    if not allowed:
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        return page(outcome, status=400, comment_form=form)
    services.comment(outcome, user=current_user, note=form.note.data)
    return _done(outcome, _("Your comment was added."))


@bp.route("/<int:outcome_id>/followups", methods=["POST"])
@login_required
def link_followup(outcome_id: int):
    outcome = visible_outcome(outcome_id)
    if not permissions.can_manage_dialogue(current_user, outcome.dialogue):
        abort(403)
    form = FollowUpForm()
    form.dialogue_id.choices = later_dialogues(outcome)
    if not form.validate_on_submit():
        return page(outcome, status=400, followup_form=form)
    dialogue = db.session.get(Dialogue, int(form.dialogue_id.data))
    try:
        services.link_followup(outcome, dialogue, user=current_user)
    except services.NotPossible:
        abort(409)
    return _done(outcome, _("The later dialogue is linked."))
