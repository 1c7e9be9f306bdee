"""The dashboards' filters: a period and a theme, read from the query string.

They become ordinary `DialogueFilters`, so a dashboard counts exactly the dialogues that the list,
the map and the exports show for the same link."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from app.dialogues.filters import (
    NOT_A_CHOICE,
    NOT_A_DATE,
    ChoiceFilter,
    DialogueFilters,
    _named,
    query_args,
    within_period,
)
from app.extensions import db
from app.places.models import Place, PlaceKind
from app.themes.models import Theme

PERIODS = (
    ("all", _l("All time")),
    ("3", _l("Last 3 months")),
    ("6", _l("Last 6 months")),
    ("12", _l("Last 12 months")),
    ("custom", _l("Custom dates")),
)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    years, month_index = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DashboardFilters:
    held_from: date | None = None
    held_to: date | None = None
    theme_id: int | None = None

    def dialogue_filters(self, place: Place | None = None) -> DialogueFilters:
        """The same selection as DialogueFilters, narrowed to a city or a governorate."""
        filters = DialogueFilters(
            theme_id=self.theme_id, held_from=self.held_from, held_to=self.held_to
        )
        if place is None:
            return filters
        if place.kind == PlaceKind.GOVERNORATE:
            return replace(filters, governorate_id=place.id)
        return replace(filters, city_id=place.id)

    def dialogue_args(self, place: Place | None = None) -> dict[str, Any]:
        """The dialogue list's query string for the same selection (list, map points, exports)."""
        args: dict[str, Any] = {}
        if place is not None:
            args["governorate" if place.kind == PlaceKind.GOVERNORATE else "city"] = place.id
        if self.theme_id is not None:
            args["theme"] = self.theme_id
        if self.held_from is not None:
            args["from"] = self.held_from.isoformat()
        if self.held_to is not None:
            args["to"] = self.held_to.isoformat()
        return args


class DashboardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    period = SelectField(
        _l("Period"), choices=PERIODS, default="all", invalid_choice_message=NOT_A_CHOICE
    )
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
    theme = ChoiceFilter(_l("Theme"))

    def __init__(self, formdata: Any, *, today: date | None = None, **kwargs: Any) -> None:
        self.today = today or date.today()  # before validation: within_period reads it
        super().__init__(formdata, **kwargs)
        themes = sa.select(Theme.id, Theme.name_ar, Theme.name_en).where(Theme.active)
        self.theme.choices = [("", _l("Any")), *_named(db.session.execute(themes))]
        self.validate()

    def validate_held_to(self, field: DateField) -> None:
        if self.held_from.data and field.data and self.held_from.data > field.data:
            raise ValidationError(
                _l("The end date is before the start date; the date range is ignored.")
            )

    def filters(self) -> DashboardFilters:
        """Invalid choices are left out (their fields say why)."""
        period = self.period.data if not self.period.errors else "all"
        held_from = held_to = None
        if period in ("3", "6", "12"):
            held_from = months_before(self.today, int(period))
        elif period == "custom" and not (self.held_from.errors or self.held_to.errors):
            held_from, held_to = self.held_from.data, self.held_to.data
        theme = self.theme.data if self.theme.data and not self.theme.errors else None
        return DashboardFilters(
            held_from=held_from, held_to=held_to, theme_id=int(theme) if theme else None
        )

    def query_args(self) -> dict[str, str]:
        return query_args(self)


def place_choices() -> list[tuple[str, str]]:
    """Governorates and cities by code, for links into the dashboards."""
    rows = db.session.execute(
        sa.select(Place.code, Place.name_ar, Place.name_en).where(
            Place.kind.in_([PlaceKind.GOVERNORATE, PlaceKind.CITY])
        )
    )
    return _named(rows)
