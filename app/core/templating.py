"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal, format_percent

from app.core.labels import audit_action, field_label, field_labels, label
from app.dialogues.models import Sector
from app.i18n import current_language, format_day, format_moment, format_month, text_direction


def register(app: Flask) -> None:
    @app.context_processor
    def page_language():
        return {"lang": current_language(), "dir": text_direction()}

    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["audit_action"] = audit_action
    app.jinja_env.filters["field_labels"] = field_labels
    app.jinja_env.filters["field_label"] = field_label
    app.jinja_env.filters["sector_label"] = lambda name: label(Sector(name))
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)

    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["month"] = format_month

    @app.template_filter("percent")
    def percent(value: float | None) -> str:
        return format_percent(value) if value is not None else "–"

    app.jinja_env.filters["moment"] = format_moment
