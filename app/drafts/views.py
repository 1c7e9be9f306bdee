"""“Start from a report”: paste or upload a report, get the ordinary dialogue form prefilled
with the evidence of every field. Nothing is stored until the organiser saves that form."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from app.dialogues import permissions
from app.dialogues.forms import DialogueForm
from app.drafts import services
from app.drafts.forms import ReportForm
from app.drafts.readers import ReportError, read_upload

bp = Blueprint("drafts", __name__)


@bp.route("/from-report", methods=["GET", "POST"])
@login_required
def start():
    if not permissions.can_create_dialogue(current_user):
        abort(403)
    form = ReportForm()
    if not form.validate_on_submit():
        return render_template("drafts/start.html", form=form), (
            400 if request.method == "POST" else 200
        )
    try:
        upload = form.file.data
        if upload and upload.filename:
            text = read_upload(upload.filename, upload.read(services_limit()))
        else:
            text = form.text.data or ""
        draft = services.draft_report(text, form.published_on.data)
    except ReportError as error:
        field = form.file if (form.file.data and form.file.data.filename) else form.text
        field.errors = [*field.errors, error.message]
        return render_template("drafts/start.html", form=form), 400
    return render_dialogue_form(draft, text)


def services_limit() -> int:
    from app.drafts.readers import MAX_FILE_BYTES

    return MAX_FILE_BYTES + 1


def render_dialogue_form(draft, text: str, form: DialogueForm | None = None, status: int = 200):
    is_admin = current_user.role == permissions.Role.ADMIN
    organization = current_user.organization
    if form is None:
        data = services.prefill(
            draft, organization.id if organization else None, secrets.token_urlsafe(24)
        )
        form = DialogueForm(
            formdata=None, obj=data, organization=organization, choose_organizer=is_admin
        )
    form.add_blank_rows()
    return (
        render_template(
            "dialogues/form.html",
            form=form,
            dialogue=None,
            conflict=None,
            draft=draft,
            report_text=text,
        ),
        status,
    )


def redraft(form: DialogueForm, status: int):
    """The dialogue form sent back (a validation error) with its report's evidence again: the
    extraction is deterministic, so the same text gives the same draft."""
    from datetime import date

    text = request.form.get("report_text", "")
    try:
        published = date.fromisoformat(request.form.get("report_published_on") or "")
    except ValueError:
        published = None
    try:
        draft = services.draft_report(text, published)
    except ReportError:
        form.add_blank_rows()
        return render_template(
            "dialogues/form.html", form=form, dialogue=None, conflict=None
        ), status
    return render_dialogue_form(draft, text, form=form, status=status)


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
