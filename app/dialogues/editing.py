"""Views that write dialogues: register, edit, archive, restore."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.auth.models import Role
from app.dialogues import permissions, services
from app.dialogues.forms import DialogueForm
from app.dialogues.models import Dialogue
from app.dialogues.views import bp
from app.dialogues.visibility import get_visible_dialogue
from app.extensions import db
from app.photos import services as photo_services


def _editable(dialogue_id: int) -> Dialogue:
    dialogue = get_visible_dialogue(current_user, dialogue_id)
    if dialogue is None:
        abort(404)
    if not permissions.can_edit_dialogue(current_user, dialogue):
        abort(403)
    return dialogue


def _render_form(form: DialogueForm, dialogue: Dialogue | None, conflict=None, status=200):
    form.add_blank_rows()
    return (
        render_template("dialogues/form.html", form=form, dialogue=dialogue, conflict=conflict),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not permissions.can_create_dialogue(current_user):
        abort(403)
    is_admin = current_user.role == Role.ADMIN
    organization = current_user.organization
    form = DialogueForm(organization=organization, choose_organizer=is_admin)
    if request.method == "GET":
        form.creation_key.data = secrets.token_urlsafe(24)
    if not form.validate_on_submit():
        return _render_form(form, None, status=400 if request.method == "POST" else 200)
    try:
        organizer_id = int(form.organizer_org_id.data) if is_admin else organization.id
        dialogue = services.create_dialogue(form, user=current_user, organizer_id=organizer_id)
        db.session.commit()
    except services.DuplicateSubmission as duplicate:
        db.session.rollback()
        return redirect(url_for("dialogues.detail", dialogue_id=duplicate.dialogue_id))
    except services.OutcomesNeedHeldDialogue:
        db.session.rollback()
        form.outcomes.errors = [_("Outcomes can be recorded once the dialogue has taken place.")]
        return _render_form(form, None, status=400)
    except IntegrityError:
        # The same form sent twice at once (a double click, a retry): both passed the check for
        # an earlier dialogue with this key, and the database's unique key refused the second.
        db.session.rollback()
        key = form.creation_key.data or None
        earlier = services.dialogue_with_creation_key(key) if key else None
        if earlier is None:
            raise
        return redirect(url_for("dialogues.detail", dialogue_id=earlier))
    flash(_("The dialogue was saved."), "success")
    return redirect(url_for("dialogues.detail", dialogue_id=dialogue.id))


@bp.route("/<int:dialogue_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dialogue_id: int):
    dialogue = _editable(dialogue_id)
    form = DialogueForm(
        obj=None if request.method == "POST" else _form_data(dialogue),
        organization=dialogue.organizer,
    )
    if not form.validate_on_submit():
        return _render_form(form, dialogue, status=400 if request.method == "POST" else 200)
    try:
        services.update_dialogue(dialogue, form, user=current_user)
        db.session.commit()
    except services.EditConflict as conflict:
        db.session.rollback()
        return _render_form(form, dialogue, conflict=conflict.events, status=409)
    except StaleDataError:
        db.session.rollback()
        return _render_form(form, dialogue, conflict=[], status=409)
    except services.OutcomeHasFollowUp:
        db.session.rollback()
        form.outcomes.errors = [_("An outcome with follow-up history cannot be removed.")]
        return _render_form(form, dialogue, status=400)
    except services.OutcomesNeedHeldDialogue:
        db.session.rollback()
        form.outcomes.errors = [_("Outcomes can be recorded once the dialogue has taken place.")]
        return _render_form(form, dialogue, status=400)
    flash(_("The dialogue was saved."), "success")
    return redirect(url_for("dialogues.detail", dialogue_id=dialogue.id))


@bp.route("/<int:dialogue_id>/archive", methods=["POST"])
@login_required
def archive(dialogue_id: int):
    dialogue = _editable(dialogue_id)
    services.archive_dialogue(dialogue, user=current_user)
    db.session.commit()
    flash(_("The dialogue was archived. It can be restored from its page."), "info")
    return redirect(url_for("dialogues.detail", dialogue_id=dialogue.id))


@bp.route("/<int:dialogue_id>/restore", methods=["POST"])
@login_required
def restore(dialogue_id: int):
    dialogue = get_visible_dialogue(current_user, dialogue_id)
    if dialogue is None:
        abort(404)
    if not permissions.can_restore_dialogue(current_user, dialogue):
        abort(403)
    services.restore_dialogue(dialogue, user=current_user)
    db.session.commit()
    flash(_("The dialogue was restored."), "success")
    return redirect(url_for("dialogues.detail", dialogue_id=dialogue.id))


class _FormData:
    """The stored dialogue shaped like the form, for the edit page."""

    def __init__(self, dialogue: Dialogue) -> None:
        for name in services.SCALAR_FIELDS:
            setattr(self, name, getattr(dialogue, name))
        self.format = dialogue.format.value
        self.status = dialogue.status.value
        self.visibility = dialogue.visibility.value
        self.city_id = str(dialogue.city_id)
        self.version = dialogue.version
        self.creation_key = dialogue.creation_key
        self.sectors = {c.sector.value: c.count for c in dialogue.sector_counts}
        self.links = [
            {"organization_id": str(link.organization_id), "role": link.role.value}
            for link in dialogue.links
        ] + [{}]
        self.axes = [{"title": a.title, "theme_id": str(a.theme_id)} for a in dialogue.axes] + [{}]
        self.priorities = [
            {"kind": p.kind.value, "text": p.text, "theme_id": str(p.theme_id)}
            for p in dialogue.priorities
        ] + [{}]
        self.outcomes = [
            {
                "id": str(o.id),
                "kind": o.kind.value,
                "text": o.text,
                "theme_id": str(o.theme_id),
                "responsible_org_id": str(o.responsible_org_id or ""),
                "due_on": o.due_on,
            }
            for o in dialogue.outcomes
        ] + [{}]
        self.statements = [
            {
                "id": str(s.id),
                "text": s.text,
                "speaker_role": s.speaker_role or "",
                "speaker_organization_id": str(s.speaker_organization_id or ""),
                "consent_to_publish": s.consent_to_publish,
            }
            for s in dialogue.statements
        ] + [{}]


def _form_data(dialogue: Dialogue) -> _FormData:
    return _FormData(dialogue)


@bp.route("/<int:dialogue_id>/photos/<int:photo_id>/delete", methods=["POST"])
@login_required
def delete_photo(dialogue_id: int, photo_id: int):
    """A photo that should not be there (a face, a street sign) must be easy to take down."""
    dialogue = _editable(dialogue_id)
    photo = next((p for p in dialogue.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    photo_services.delete_photo(photo, current_user)
    db.session.commit()
    flash(_("The photo was removed."), "info")
    return redirect(url_for("dialogues.edit", dialogue_id=dialogue.id))
