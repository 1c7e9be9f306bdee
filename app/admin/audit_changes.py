"""An audit event's changed fields as people read them: the field's name in their language, names
instead of ids, labels instead of stored values, dates and yes/no formatted; ids of records are
looked up for a whole page at once (one query per kind of record, never one per row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _

from app.auth.models import User
from app.core.labels import FIELD_LABELS, LABELS
from app.extensions import db
from app.i18n import format_day, format_moment
from app.organizations.models import Organization
from app.places.models import Place
from app.themes.models import Theme

# Which record an id field points at.
REFERENCES = {
    "city_id": Place,
    "home_city_id": Place,
    "governorate_id": Place,
    "district_id": Place,
    "organization_id": Organization,
    "organizer_org_id": Organization,
    "responsible_org_id": Organization,
    "speaker_organization_id": Organization,
    "theme_id": Theme,
    "merged_into_id": Theme,
    "created_by_id": User,
}
# Bookkeeping that means nothing to a reader.
HIDDEN = {"update_id", "answers_update_id", "version", "creation_key"}
# Stored enum values ("in_progress") to their labels ("In progress").
VALUE_LABELS = {member.value: text for member, text in LABELS.items() if isinstance(member, Enum)}
ENUM_FIELDS = {"status", "visibility", "format", "role", "kind", "link_role", "update_status"}
LANGUAGES = {"ar": "العربية", "en": "English"}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: a value set on creation (no "before")
    after: str


def _label(key: str) -> str | None:
    if key.startswith("_") or key in HIDDEN:
        return None
    if key in FIELD_LABELS:
        name = FIELD_LABELS[key]
        return str(name) if name is not None else None
    return key.replace("_", " ").capitalize()


def _names(events) -> dict[tuple[type, int], str]:
    wanted: dict[type, set[int]] = {}
    for event in events:
        for key, value in (event.changes or {}).items():
            model = REFERENCES.get(key)
            if model is None:
                continue
            values = value if isinstance(value, list) else [value]
            wanted.setdefault(model, set()).update(v for v in values if isinstance(v, int))
    names: dict[tuple[type, int], str] = {}
    for model, ids in wanted.items():
        if ids:
            for record in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
                names[(model, record.id)] = record.name
    return names


def _value(key: str, value, names) -> str:
    if value is None or value == "":
        return "—"
    model = REFERENCES.get(key)
    if model is not None and isinstance(value, int):
        return names.get((model, value), _("(removed, no. %(id)s)", id=value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "preferred_language" and value in LANGUAGES:
        return LANGUAGES[value]
    if isinstance(value, str) and key in ENUM_FIELDS and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and len(value) > 10 and value[10:11] == "T":
        try:
            return format_moment(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(value)
    if isinstance(value, dict):
        return "; ".join(
            f"{_label(k) or k}: {_value(k, v, names)}" for k, v in value.items() if v is not None
        )
    if isinstance(value, list):
        return "; ".join(_value(key, item, names) for item in value) or "—"
    return str(value)


def _is_before_after(key: str, value) -> bool:
    """Edits are stored as [before, after]; creations as the value itself (lists of rows too)."""
    return isinstance(value, list) and len(value) == 2 and key not in ("source_links",)


def describe(events) -> dict[int, list[Change]]:
    """Each event's changes as Change rows, keyed by the event's id."""
    names = _names(events)
    described: dict[int, list[Change]] = {}
    for event in events:
        rows = []
        for key, value in (event.changes or {}).items():
            label = _label(key)
            if label is None:
                continue
            if _is_before_after(key, value):
                rows.append(
                    Change(label, _value(key, value[0], names), _value(key, value[1], names))
                )
            else:
                rows.append(Change(label, None, _value(key, value, names)))
        described[event.id] = rows
    return described
