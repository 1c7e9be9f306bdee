"""Filters on lists of dialogues, read from the query string so a filtered list can be shared.

`apply_filters` only ever adds conditions to a select that comes from `visible_dialogues(user)`:
a filter narrows what the user may see and can never widen it. The list, and later the map,
dashboards, exports and API, take the same `DialogueFilters`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.core.labels import choices as enum_choices
from app.dialogues.models import (
    Axis,
    Dialogue,
    DialogueFormat,
    DialogueOrganization,
    DialogueStatus,
    Priority,
    Visibility,
)
from app.dialogues.search import search_clause
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.i18n import current_language
from app.organizations.models import Organization
from app.outcomes.models import Outcome
from app.places.models import Place, PlaceKind
from app.search.normalize import normalize
from app.themes.models import Theme

MAX_QUERY_LENGTH = 200
# A period (from, to) can only name days that may hold dialogues: from this fixed floor to a
# short horizon after today (planned dialogues). Anything else is refused with a message.
PERIOD_FLOOR = date(1990, 1, 1)
PERIOD_HORIZON = timedelta(days=366)
NOT_A_CHOICE = _l("This is not one of the choices offered; the filter is ignored.")
NOT_A_DATE = _l("Enter a date as YYYY-MM-DD; the filter is ignored.")


def period_bounds(today: date | None = None) -> tuple[date, date]:
    """The first and last day a period may name."""
    return PERIOD_FLOOR, (today or date.today()) + PERIOD_HORIZON


def within_period(form: Any, field: Any) -> None:
    """A validator for the From and To dates of every period form (list, dashboards, API)."""
    if field.data is None:
        return
    first, last = period_bounds(getattr(form, "today", None))
    if not first <= field.data <= last:
        raise ValidationError(
            _(
                "Choose a date from %(first)s to %(last)s; the date range is ignored.",
                first=format_date(first, "medium"),
                last=format_date(last, "medium"),
            )
        )


@dataclass(frozen=True)
class DialogueFilters:
    """The valid filters of a request; None means "any"."""

    q: str | None = None
    governorate_id: int | None = None
    city_id: int | None = None
    theme_id: int | None = None
    organization_id: int | None = None
    format: DialogueFormat | None = None
    status: DialogueStatus | None = None
    visibility: Visibility | None = None
    held_from: date | None = None
    held_to: date | None = None


def _has_theme(theme_id: int) -> sa.ColumnElement[bool]:
    """One of the dialogue's axes, priorities or outcomes carries the theme (no duplicate rows)."""
    return sa.or_(
        *(
            sa.exists().where(model.dialogue_id == Dialogue.id, model.theme_id == theme_id)
            for model in (Axis, Priority, Outcome)
        )
    )


def _involves(organization_id: int) -> sa.ColumnElement[bool]:
    """The organisation recorded or convened the dialogue, or is linked to it in any role."""
    linked = sa.exists().where(
        DialogueOrganization.dialogue_id == Dialogue.id,
        DialogueOrganization.organization_id == organization_id,
    )
    return sa.or_(
        Dialogue.organizer_org_id == organization_id,
        Dialogue.convening_org_id == organization_id,
        linked,
    )


def apply_filters(stmt: sa.Select, filters: DialogueFilters) -> sa.Select:
    """Narrow a select of dialogues (from visible_dialogues) by the filters that are set.
    Only ever adds WHERE conditions. A search looks its place names up first (one query)."""
    conditions: list[Any] = []
    if filters.governorate_id is not None:
        cities = sa.select(Place.id).where(Place.governorate_id == filters.governorate_id)
        conditions.append(Dialogue.city_id.in_(cities))
    if filters.city_id is not None:
        conditions.append(Dialogue.city_id == filters.city_id)
    if filters.theme_id is not None:
        conditions.append(_has_theme(filters.theme_id))
    if filters.organization_id is not None:
        conditions.append(_involves(filters.organization_id))
    for column, value in (
        (Dialogue.format, filters.format),
        (Dialogue.status, filters.status),
        (Dialogue.visibility, filters.visibility),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.held_from is not None:
        conditions.append(Dialogue.held_on >= filters.held_from)
    if filters.held_to is not None:
        conditions.append(Dialogue.held_on <= filters.held_to)
    if filters.q:
        matches = search_clause(filters.q)
        if matches is not None:
            conditions.append(matches)
    return stmt.where(*conditions) if conditions else stmt


def visible_filtered(
    user: Any,
    filters: DialogueFilters,
    *columns: Any,
    name: str = "selected",
    where: Any = None,
) -> sa.Subquery:
    """The user's visible dialogues under the filters, as a subquery of `columns`: what the map,
    the dashboards and the exports count and join to, in SQL. `where` narrows further (the
    figures pass app.dialogues.held.held_clause: only dialogues that took place)."""
    stmt = apply_filters(visible_dialogues(user), filters)
    if where is not None:
        stmt = stmt.where(where)
    return stmt.with_only_columns(*columns).subquery(name)


def query_args(form: FlaskForm, *, without: str | None = None) -> dict[str, str]:
    """A GET form's query string as given, for links that keep it (pagination, removing one
    filter, the same selection on another page)."""
    args = {}
    for field in form:
        value = field.raw_data[0].strip() if field.raw_data else ""
        if value and field.short_name != without:
            args[field.name] = value
    return args


class ChoiceFilter(SelectField):
    """A select whose unknown values are refused with a message, never a crash."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("invalid_choice_message", NOT_A_CHOICE)
        super().__init__(label, validators=[Optional()], **kwargs)


def _any(records: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _l("Any")), *records]


def _named(rows: Any) -> list[tuple[str, str]]:
    """(id, name in the viewer's language) from (id, name_ar, name_en) rows, in alphabetical
    order whatever the hamza. Plain rows, not ORM objects: this runs on every list page."""
    arabic = current_language() == "ar"
    named = [(str(id_), (ar or en) if arabic else (en or ar)) for id_, ar, en in rows]
    return sorted(named, key=lambda pair: normalize(pair[1]))


class DialogueFilterForm(FlaskForm):
    """The list's filter form: a GET form, so no CSRF token; choices come from the database."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"),
        validators=[
            Optional(),
            Length(
                max=MAX_QUERY_LENGTH,
                message=_l("Search for at most %(max)d characters; the search is ignored."),
            ),
        ],
    )
    governorate = ChoiceFilter(_l("Governorate"))
    city = ChoiceFilter(_l("City"))
    theme = ChoiceFilter(_l("Theme"))
    organization = ChoiceFilter(_l("Organisation"))
    format = ChoiceFilter(_l("Format"))
    status = ChoiceFilter(_l("Status"))
    visibility = ChoiceFilter(_l("Visibility"))
    held_from = DateField(
        _l("From"),
        name="from",
        validators=[Optional(), within_period],
        invalid_value_message=NOT_A_DATE,
    )
    held_to = DateField(
        _l("To"),
        name="to",
        validators=[Optional(), within_period],
        invalid_value_message=NOT_A_DATE,
    )
    sort = SelectField(_l("Sort by"), default="date", invalid_choice_message=NOT_A_CHOICE)

    def __init__(self, formdata: Any, *, user: Any, **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        places = db.session.execute(
            sa.select(Place.kind, Place.id, Place.name_ar, Place.name_en).where(
                Place.kind.in_([PlaceKind.GOVERNORATE, PlaceKind.CITY])
            )
        ).all()
        for field, kind in ((self.governorate, PlaceKind.GOVERNORATE), (self.city, PlaceKind.CITY)):
            field.choices = _any(_named(row[1:] for row in places if row.kind == kind))
        themes = sa.select(Theme.id, Theme.name_ar, Theme.name_en).where(Theme.active)
        self.theme.choices = _any(_named(db.session.execute(themes)))
        # The registry only: one organisation's unconfirmed proposals are nobody else's business.
        organizations = sa.select(
            Organization.id, Organization.name_ar, Organization.name_en
        ).where(Organization.confirmed.is_(True))
        self.organization.choices = _any(_named(db.session.execute(organizations)))
        self.format.choices = _any(enum_choices(DialogueFormat))
        self.status.choices = _any(enum_choices(DialogueStatus))
        self.sort.choices = [("date", _l("Date, newest first")), ("city", _l("City name"))]
        if getattr(user, "is_authenticated", False):
            self.visibility.choices = _any(enum_choices(Visibility))
        else:  # the public sees public dialogues only: nothing to choose
            del self.visibility
        self.range_reversed = False
        self._validated = False

    def validate_held_to(self, field: DateField) -> None:
        start = self.held_from.data
        if start and field.data and start > field.data:
            self.range_reversed = True
            raise ValidationError(
                _l("The end date is before the start date; the date range is ignored.")
            )

    def _valid(self, name: str) -> Any:
        if not self._validated:
            self.validate()
            self._validated = True
        field = self._fields.get(name)
        if field is None or field.errors:
            return None
        data = field.data.strip() if isinstance(field.data, str) else field.data
        return None if data in (None, "") else data

    def _id(self, name: str) -> int | None:
        value = self._valid(name)
        return int(value) if value else None  # valid means one of the ids offered

    def _member(self, name: str, enum_class: type[Enum]) -> Any:
        value = self._valid(name)
        return enum_class(value) if value else None

    def filters(self) -> DialogueFilters:
        """The filters to apply: every invalid one is left out (its field shows why)."""
        held_from, held_to = self._valid("held_from"), self._valid("held_to")
        if self.range_reversed:
            held_from = held_to = None
        return DialogueFilters(
            q=self._valid("q"),
            governorate_id=self._id("governorate"),
            city_id=self._id("city"),
            theme_id=self._id("theme"),
            organization_id=self._id("organization"),
            format=self._member("format", DialogueFormat),
            status=self._member("status", DialogueStatus),
            visibility=self._member("visibility", Visibility),
            held_from=held_from,
            held_to=held_to,
        )

    @property
    def sort_order(self) -> str:
        return self._valid("sort") or "date"

    def query_args(self, *, without: str | None = None) -> dict[str, str]:
        return query_args(self, without=without)

    def active_filters(self) -> list[tuple[Any, str, str]]:
        """(field, label, value shown) for every filter that narrows the list."""
        active = []
        for field in self:
            if field.short_name == "sort":
                continue
            value = self._valid(field.short_name)
            if value is None or (field.short_name.startswith("held_") and self.range_reversed):
                continue
            if isinstance(field, SelectField):
                shown = str(dict(field.choices).get(value, value))
            elif isinstance(value, date):
                shown = format_date(value, format="medium")
            else:
                shown = str(value)
            active.append((field, str(field.label.text), shown))
        return active
