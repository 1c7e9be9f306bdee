"""“Start from a report”: paste or upload a report, get the ordinary dialogue form prefilled
with the evidence of every field. Nothing is stored until the organiser saves that form."""

from __future__ import annotations

import secrets
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.auth.models import Role
from app.dialogues import permissions
from app.dialogues.forms import DialogueForm
from app.dialogues.similar import similar_dialogues
from app.drafts import services
from app.drafts.forms import ReportForm
from app.drafts.readers import MAX_FILE_BYTES, ReportError, read_upload
from app.drafts.types import Draft
from app.photos.pending import PhotoChoices

bp = Blueprint("drafts", __name__)


def _organization_id() -> int | None:
    organization = current_user.organization
    return organization.id if organization is not None else None


@bp.route("/from-report", methods=["GET", "POST"])
@login_required
def start():
    if not permissions.can_create_dialogue(current_user):
        abort(403)
    form = ReportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("drafts/start.html", form=form), status
    upload = form.file.data
    uploaded = bool(upload and upload.filename)
    try:
        # One byte over the limit is enough to refuse the file without reading all of it.
        text = read_upload(upload.filename, upload.read(MAX_FILE_BYTES + 1)) if uploaded else ""
        text = text or form.text.data or ""
        draft = services.draft_report(text, form.published_on.data, _organization_id())
    except ReportError as error:
        field = form.file if uploaded else form.text
        field.errors = [*field.errors, error.message]
        return render_template("drafts/start.html", form=form), 400
    return render_dialogue_form(draft, text)


def render_dialogue_form(draft: Draft, text: str):
    """The ordinary dialogue form, prefilled from the draft, posting to the ordinary save."""
    organization = current_user.organization
    data = services.prefill(draft, _organization_id(), secrets.token_urlsafe(24))
    form = DialogueForm(
        formdata=None,
        obj=data,
        organization=organization,
        choose_organizer=current_user.role == Role.ADMIN,
    )
    photos = PhotoChoices(key=secrets.token_urlsafe(24))
    form.upload_key.data = photos.key
    form.add_blank_rows()
    return render_template(
        "dialogues/form.html",
        form=form,
        dialogue=None,
        conflict=None,
        photos=photos,
        similar=similar_dialogues(current_user, form, exclude=None),
        draft=draft,
        report_text=text,
    )


def draft_context() -> dict:
    """The evidence again for a drafted form sent back by a validation error: the extraction
    is deterministic, so the same text gives the same draft."""
    text = request.form.get("report_text", "")
    try:
        published = date.fromisoformat(request.form.get("report_published_on") or "")
    except ValueError:
        published = None
    try:
        draft = services.draft_report(text, published, _organization_id())
    except ReportError:
        return {}
    return {"draft": draft, "report_text": text}


@bp.app_template_filter("draft_role")
def draft_role(role: str) -> str:
    from app.core.labels import label
    from app.dialogues.models import LinkRole

    return str(label(LinkRole(role))) if role in LinkRole._value2member_map_ else role


@bp.app_template_global("dialogue_report")
def dialogue_report(dialogue):
    """The report a dialogue was drafted from, for its organiser's staff and admins only."""
    if not permissions.can_manage_dialogue(current_user, dialogue):
        return None
    return services.report_of(dialogue.id)


@bp.app_template_filter("draft_display")
def draft_display(found, kind: str) -> str:
    """A found value as the form shows it: a format's label, a place's name, a date."""
    from app.core.labels import label
    from app.dialogues.models import DialogueFormat
    from app.extensions import db
    from app.places.models import Place

    value = found.value
    if kind == "format" and value in DialogueFormat._value2member_map_:
        return str(label(DialogueFormat(value)))
    if kind == "place":
        place = db.session.scalar(db.select(Place).where(Place.code == value))
        return place.name if place is not None else value
    if kind == "date":
        from flask_babel import format_date

        return format_date(value, format="long")
    return str(value)
