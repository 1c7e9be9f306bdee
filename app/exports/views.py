"""Downloads: the same filters as the dialogue list (and so as the map and the dashboards)."""

from datetime import date

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.dialogues.filters import DialogueFilterForm
from app.exports import tables, writers
from app.outcomes.queries import queue_outcomes
from app.outcomes.queue import OutcomeQueueForm

bp = Blueprint("exports", __name__)

CSV = "text/csv; charset=utf-8"  # given whole as the Content-Type: Flask adds no second charset
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters():
    return DialogueFilterForm(request.args, user=current_user).filters()


def _download(body: bytes, mimetype: str, name: str) -> Response:
    response = Response(body, content_type=mimetype)
    stem, extension = name.rsplit(".", 1)
    filename = f"hiwar-{stem}-{date.today().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.route("/dialogues.csv")
def dialogues_csv():
    rows = tables.dialogue_rows(current_user, _filters())
    return _download(writers.to_csv(tables.DIALOGUE_COLUMNS, rows), CSV, "dialogues.csv")


@bp.route("/outcomes.csv")
def outcomes_csv():
    rows = tables.outcome_rows(tables.list_outcomes(current_user, _filters()))
    return _download(writers.to_csv(tables.OUTCOME_COLUMNS, rows), CSV, "outcomes.csv")


@bp.route("/outcome-queue.csv")
@login_required
def outcome_queue_csv():
    """The outcome queue as filtered on its page: the organisation's own outcomes."""
    form = OutcomeQueueForm(request.args, user=current_user)
    selected = queue_outcomes(current_user, form.filters(), form.status_filter())
    rows = tables.outcome_rows(selected)
    return _download(writers.to_csv(tables.OUTCOME_COLUMNS, rows), CSV, "outcomes.csv")


@bp.route("/hiwar.xlsx")
def workbook():
    filters = _filters()
    body = writers.to_xlsx(
        [
            (_("Dialogues"), tables.DIALOGUE_COLUMNS, tables.dialogue_rows(current_user, filters)),
            (
                _("Outcomes"),
                tables.OUTCOME_COLUMNS,
                tables.outcome_rows(tables.list_outcomes(current_user, filters)),
            ),
        ]
    )
    return _download(body, XLSX, "export.xlsx")
