"""Two people edited the same dialogue: nobody's change is dropped without a choice.

When a save meets a newer version, every field the other person changed is looked at: where this
person left it as it was, their value is taken into the form; where both changed it, the form
offers "keep mine" or "keep theirs" for that field, and the next save must say which. The form then
carries the stored version, so that save goes through (unless someone saved yet again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from typing import Any

from flask_babel import gettext as _

from app.core.labels import field_label, label
from app.dialogues.services import SCALAR_FIELDS
from app.i18n import format_day

CHOICE_FIELDS = ("format", "status", "visibility", "city_id")
FIELDS = (*SCALAR_FIELDS, *CHOICE_FIELDS)
MINE, THEIRS = "mine", "theirs"


@dataclass(frozen=True)
class FieldConflict:
    name: str
    label: str
    mine: str
    theirs: str


def _plain(value: Any) -> str:
    """A value as comparable text, whether it came from a form, the database or the audit log."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _form_value(name: str, stored: Any) -> Any:
    if name in CHOICE_FIELDS:
        return _plain(stored)
    return stored


def _shown(dialogue, name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "city_id":
        return dialogue.city.name if str(dialogue.city_id) == _plain(value) else _plain(value)
    if isinstance(value, Enum):
        return label(value)
    if isinstance(value, date):
        return format_day(value)
    return _plain(value)


def reconcile(form, dialogue, events) -> list[FieldConflict]:
    """Take the other person's changes this person did not touch; list the fields both changed.
    `dialogue` holds the stored (newer) values; `events` are the saves made since the form was
    loaded, whose changes are [before, after] pairs."""
    loaded: dict[str, Any] = {}
    for event in events:
        for name, change in (event.changes or {}).items():
            if name in FIELDS and isinstance(change, list) and len(change) == 2:
                loaded.setdefault(name, change[0])
    conflicts = []
    for name, before in loaded.items():
        theirs = getattr(dialogue, name)
        mine = form[name].data
        if _plain(mine) == _plain(theirs):
            continue
        if _plain(mine) == _plain(before):
            form[name].data = _form_value(name, theirs)  # only they changed it: keep theirs
            continue
        conflicts.append(
            FieldConflict(
                name,
                field_label(name),
                _shown(dialogue, name, mine),
                _shown(dialogue, name, theirs),
            )
        )
    form.version.data = str(dialogue.version)
    return conflicts


def apply_choices(form, dialogue, posted) -> list[str]:
    """Apply the "keep theirs" choices sent with a save; returns the fields still undecided."""
    undecided = []
    for name in (posted.get("conflict_fields") or "").split(","):
        if name not in FIELDS:
            continue
        choice = posted.get(f"keep-{name}")
        if choice == THEIRS:
            form[name].data = _form_value(name, getattr(dialogue, name))
        elif choice != MINE:
            undecided.append(name)
    return undecided


def pending(form, dialogue, names: list[str]) -> list[FieldConflict]:
    """The fields still to decide, as offered again."""
    return [
        FieldConflict(
            name,
            field_label(name),
            _shown(dialogue, name, form[name].data),
            _shown(dialogue, name, getattr(dialogue, name)),
        )
        for name in names
    ]


def undecided_message() -> str:
    return _("For each field changed by both of you, choose which version to keep.")
