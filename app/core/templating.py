"""Template globals and filters shared by every page."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date as babel_format_date
from flask import Flask
from flask_babel import format_decimal, format_percent

from app.core.labels import audit_action, field_label, field_labels, label
from app.dialogues.models import Sector
from app.i18n import current_language, format_day, format_moment, format_month, text_direction


def month_year(value: date) -> str:
    """Month and year, "November 2026"; in Arabic with Levantine month names (ar_SY)."""
    locale = "ar_SY" if current_language() == "ar" else "en"
    return babel_format_date(value, format="LLLL y", locale=locale)


def dialogue_date(dialogue: Any) -> str:
    """A dialogue's date as precise as it was recorded: the day, or the month only."""
    if dialogue.held_on is None:
        return ""
    if getattr(dialogue, "month_only", False):
        return month_year(dialogue.held_on)
    return format_day(dialogue.held_on)


def register(app: Flask) -> None:
    @app.context_processor
    def page_language():
        return {"lang": current_language(), "dir": text_direction()}

    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["audit_action"] = audit_action
    app.jinja_env.filters["field_labels"] = field_labels
    app.jinja_env.filters["field_label"] = field_label
    app.jinja_env.filters["sector_label"] = lambda name: label(Sector(name))
    app.jinja_env.filters["dialogue_date"] = dialogue_date
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)

    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["month"] = format_month

    @app.template_filter("percent")
    def percent(value: float | None) -> str:
        return format_percent(value) if value is not None else "–"

    app.jinja_env.filters["moment"] = format_moment
