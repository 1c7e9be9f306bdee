"""Lists of outcomes: a partner's queue and what needs the user's attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_sqlalchemy.pagination import SelectPagination

from app.auth.models import Role
from app.core.labels import choices as enum_choices
from app.dialogues.filters import ChoiceFilter, DialogueFilterForm
from app.dialogues.held import date_passed_clause
from app.dialogues.models import Dialogue
from app.dialogues.visibility import manages_clause, visible_dialogues
from app.extensions import db
from app.outcomes import queries
from app.outcomes.models import Outcome, OutcomeStatus
from app.routing import page_number

bp = Blueprint("outcome_lists", __name__)

OUTCOMES_PER_PAGE = 50
SECTION_ROWS = 25


class OutcomeQueueForm(DialogueFilterForm):
    """The dialogue list's filters that apply to outcomes, plus the outcome's status."""

    outcome_status = ChoiceFilter(_l("Status"), name="status")

    def __init__(self, formdata: Any, *, user: Any, **kwargs: Any) -> None:
        super().__init__(formdata, user=user, **kwargs)
        # The dialogue's format, status and visibility and the list's order do not apply here.
        for name in ("format", "status", "visibility", "sort"):
            if name in self._fields:
                delattr(self, name)
        self.outcome_status.choices = [("", _l("Any")), *enum_choices(OutcomeStatus)]

    def status_filter(self) -> OutcomeStatus | None:
        value = self._valid("outcome_status")
        return OutcomeStatus(value) if value else None


def _detail_links() -> bool:
    """Rows link to the outcome page once it exists, to the dialogue until then."""
    return "outcomes.detail" in current_app.view_functions


@bp.route("/")
@login_required
def queue():
    form = OutcomeQueueForm(request.args, user=current_user)
    today = date.today()
    selected = queries.queue_outcomes(current_user, form.filters(), form.status_filter())
    counts = queries.status_counts(selected)
    page = SelectPagination(
        select=queries.queue_order(selected, today).options(*queries.ROW_LOADS),
        session=db.session,
        page=page_number(),
        per_page=OUTCOMES_PER_PAGE,
        max_per_page=OUTCOMES_PER_PAGE,
        error_out=False,
    )
    groups = [(status, list(rows)) for status, rows in groupby(page.items, lambda o: o.status)]
    return render_template(
        "outcomes/queue.html",
        form=form,
        page=page,
        groups=groups,
        counts=counts,
        today=today,
        detail_links=_detail_links(),
    )


@dataclass
class Section:
    key: str
    title: Any
    empty: Any
    total: int
    rows: list[Outcome]


ORGANIZER_SECTIONS = (
    (
        "awaiting-verification",
        _l("Reports awaiting verification"),
        _l("No progress report awaits verification."),
        lambda today: queries.awaiting_verification_clause(),
    ),
    ("overdue", _l("Overdue outcomes"), _l("No outcome is overdue."), queries.overdue_clause),
    (
        "declined",
        _l("Declined assignments"),
        _l("No assignment has been declined."),
        lambda today: queries.declined_clause(),
    ),
    (
        "stalled",
        _l("Stalled outcomes"),
        _l("No outcome is stalled."),
        lambda today: Outcome.status == OutcomeStatus.STALLED,
    ),
)
PARTNER_SECTIONS = (
    (
        "new-assignments",
        _l("New assignments"),
        _l("No new assignment waits for your answer."),
        lambda today: queries.new_assignment_clause(),
    ),
    (
        "evidence-requested",
        _l("Requests for more evidence"),
        _l("No organiser has asked for more evidence."),
        lambda today: queries.evidence_requested_clause(),
    ),
    (
        "due-soon",
        _l("Due within 30 days or overdue"),
        _l("Nothing is due within 30 days."),
        queries.due_soon_clause,
    ),
)


def _sections(base: sa.Select, specs: tuple, today: date) -> list[Section]:
    """One query per section: its total and its first rows, soonest due first."""
    ordered = queries.urgency_order(base, today).options(*queries.ROW_LOADS)
    sections = []
    for key, title, empty, clause in specs:
        total, rows = queries.section(ordered.where(clause(today)), SECTION_ROWS)
        sections.append(Section(key, title, empty, total, rows))
    return sections


def _date_passed(today: date) -> tuple[int, list[Dialogue]]:
    """The organisation's planned dialogues whose date has passed (app.dialogues.held): they are
    in no figure until someone records what happened or moves them. One query."""
    stmt = (
        visible_dialogues(current_user)
        .where(manages_clause(current_user), date_passed_clause(today))
        .order_by(Dialogue.held_on, Dialogue.id)
    )
    return queries.section(stmt, SECTION_ROWS)


@bp.route("/attention")
@login_required
def attention():
    today = date.today()
    organizes, responsible = queries.roles_of(current_user)
    organizer_sections = partner_sections = []
    date_passed = (0, [])
    if current_user.role in (Role.ORGANIZER, Role.ADMIN) and current_user.organization_id:
        date_passed = _date_passed(today)
    if organizes or current_user.role == Role.ORGANIZER:
        base = queries.visible_outcomes(current_user).where(queries.organized_clause(current_user))
        organizer_sections = _sections(base, ORGANIZER_SECTIONS, today)
    if responsible or current_user.role == Role.PARTNER:
        base = queries.visible_outcomes(current_user).where(
            queries.responsible_clause(current_user)
        )
        partner_sections = _sections(base, PARTNER_SECTIONS, today)
    return render_template(
        "outcomes/attention.html",
        organizer_sections=organizer_sections,
        partner_sections=partner_sections,
        date_passed=date_passed,
        today=today,
        detail_links=_detail_links(),
        section_rows=SECTION_ROWS,
    )
