"""Outcomes in the API: the list, one outcome with its timeline, and the two writes of the
follow-up (a progress report, a verification), through the same forms and services as the
outcome page."""

from __future__ import annotations

from datetime import date

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.api import serializers
from app.api.auth import api_user, require_write_token
from app.api.blueprint import bp, flag, form_errors, json_formdata, valid_filters
from app.api.errors import ApiError
from app.api.pagination import paginate
from app.api.schemas import (
    ErrorSchema,
    OutcomeDetailSchema,
    OutcomePageSchema,
    OutcomeQuerySchema,
    ProgressReportSchema,
    UpdateSchema,
    VerificationSchema,
)
from app.dialogues import permissions
from app.extensions import db
from app.outcomes import queries, services
from app.outcomes.forms import ProgressForm, ReviewForm
from app.outcomes.models import Outcome, OutcomeStatus
from app.outcomes.queue import OutcomeQueueForm
from app.outcomes.views import REPORT_ATTEMPTS, visible_outcome

CHANGED = _l("Someone changed this outcome since you read it. Read it again, then retry.")
NOT_NOW = _l("This step does not apply to the outcome as it stands.")
NOT_A_NUMBER = _l("Give a whole number.")
NO_SUCH_REPORT = _l("No progress report of this outcome has this id.")
ERRORS = {
    401: {"schema": ErrorSchema, "description": "No token, or one that does not work"},
    403: {"schema": ErrorSchema, "description": "The token or its user may not do this"},
    404: {"schema": ErrorSchema, "description": "No such outcome, or not for you"},
    409: {"schema": ErrorSchema, "description": "The outcome changed, or the step does not apply"},
    415: {"schema": ErrorSchema, "description": "Not a JSON body"},
    422: {"schema": ErrorSchema, "description": "Invalid fields"},
}


def json_body(schema) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _document_errors(*statuses: int):
    def decorate(view):
        for status in statuses:
            view = bp.alt_response(status, **ERRORS[status])(view)
        return view

    return decorate


@bp.route("/outcomes", tags=["outcomes"])
@bp.doc(parameters=[{"in": "query", "schema": OutcomeQuerySchema}])
@bp.response(200, OutcomePageSchema)
@_document_errors(422)
def outcomes():
    """The outcomes of the dialogues you may see, by id; queue=true for your organisation's
    list. The theme filter is the outcome's own theme."""
    user = api_user()
    form = OutcomeQueueForm(request.args, user=user)
    filters = valid_filters(form)
    status, queue = form.status_filter(), flag("queue")
    if queue:
        stmt = queries.queue_outcomes(user, filters, status)
    else:
        stmt = queries.narrow_outcomes(queries.visible_outcomes(user), filters, status)
    today = date.today()
    return paginate(
        stmt.order_by(Outcome.id).options(*queries.ROW_LOADS),
        lambda outcome: serializers.outcome_summary(outcome, today),
    )


@bp.route("/outcomes/<int(min=1, max=2147483647):outcome_id>", tags=["outcomes"])
@bp.response(200, OutcomeDetailSchema)
@_document_errors(404)
def outcome(outcome_id: int):
    """One outcome with its follow-up timeline (organisations, never people)."""
    return serializers.outcome_detail(visible_outcome(outcome_id))


def _reviewable(outcome_id: int, user) -> Outcome:
    outcome = visible_outcome(outcome_id)
    if not permissions.can_review_outcome(user, outcome):
        raise ApiError(403, _l("Only staff of the responsible organisation may report progress."))
    return outcome


def _created(update):
    location = url_for("api.outcome", outcome_id=update.outcome_id, _external=True)
    return serializers.update(update), 201, {"Location": location}


@bp.route(
    "/outcomes/<int(min=1, max=2147483647):outcome_id>/progress-reports",
    methods=["POST"],
    tags=["outcomes"],
)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": ProgressReportSchema}},
    }
)
@bp.response(201, UpdateSchema)
@_document_errors(401, 403, 404, 409, 415, 422)
def report_progress(outcome_id: int):
    """Report progress: staff of the responsible organisation, with a read-write token."""
    require_write_token()
    user = api_user()
    outcome = _reviewable(outcome_id, user)
    form = ProgressForm(
        formdata=json_formdata("status", "progress", "reported_on", "note", "evidence_url"),
        meta={"csrf": False},
    )
    if not form.validate():
        raise ApiError(422, fields=form_errors(form))
    # As on the page: a report is never refused for being concurrent; it is filed after the
    # step that committed in between.
    for attempt in range(REPORT_ATTEMPTS):
        try:
            update = services.report_progress(
                outcome,
                user=user,
                status=OutcomeStatus(form.status.data),
                progress=form.progress.data,
                note=form.note.data or None,
                evidence_url=form.evidence_url.data or None,
                reported_on=form.reported_on.data or date.today(),
            )
            db.session.commit()
            return _created(update)
        except services.NotPossible as error:
            raise ApiError(409, NOT_NOW) from error
        except StaleDataError as error:
            db.session.rollback()
            if attempt == REPORT_ATTEMPTS - 1:
                raise ApiError(409, CHANGED) from error
            outcome = _reviewable(outcome_id, user)
    raise ApiError(409, CHANGED)  # pragma: no cover - the loop returns or raises


@bp.route(
    "/outcomes/<int(min=1, max=2147483647):outcome_id>/verifications",
    methods=["POST"],
    tags=["outcomes"],
)
@bp.doc(requestBody=json_body(VerificationSchema))
@bp.response(201, UpdateSchema)
@_document_errors(401, 403, 404, 409, 415, 422)
def verify(outcome_id: int):
    """Verify a progress report: the organiser's staff, with a read-write token."""
    require_write_token()
    user = api_user()
    outcome = visible_outcome(outcome_id)
    if not permissions.can_verify_outcome(user, outcome):
        raise ApiError(
            403,
            _l("Only the organiser's staff may verify reports, and not their own organisation's."),
        )
    form = ReviewForm(formdata=json_formdata("update_id", "note", "version"), meta={"csrf": False})
    errors = form_errors(form) if not form.validate() else {}
    for name in ("update_id", "version"):
        raw = getattr(form, name).data or ""
        if raw and not (raw.isascii() and raw.isdigit()):
            errors[name] = [NOT_A_NUMBER]
    if errors:
        raise ApiError(422, fields=errors)
    update_id = int(form.update_id.data)
    report = next((u for u in outcome.updates if u.id == update_id), None)
    if report is None:
        raise ApiError(422, fields={"update_id": [NO_SUCH_REPORT]})
    try:
        update = services.verify(
            report, user=user, note=form.note.data or None, version=form.loaded_version()
        )
        db.session.commit()
    except services.StaleForm as error:
        raise ApiError(409, CHANGED) from error
    except services.NotPossible as error:
        raise ApiError(409, NOT_NOW) from error
    except StaleDataError as error:
        db.session.rollback()
        raise ApiError(409, CHANGED) from error
    return _created(update)
