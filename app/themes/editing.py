"""Admins' changes to the theme taxonomy: add, rename, merge. Audited; the caller commits."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit import services as audit
from app.dialogues.models import Axis, Priority
from app.extensions import db
from app.outcomes.models import Outcome
from app.themes.models import Theme

TAGGED = (("axes", Axis), ("priorities", Priority), ("outcomes", Outcome))


class ThemeError(ValueError):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def code_from_name(name_en: str) -> str:
    """A stable code from the English name: lower case, underscores, unique."""
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:50] or "theme"
    code, n = base, 2
    while db.session.scalar(sa.select(Theme.id).where(Theme.code == code)) is not None:
        code, n = f"{base}_{n}", n + 1
    return code


def _check_names(values: dict[str, Any], theme_id: int | None) -> None:
    errors: dict[str, Any] = {}
    for name in ("name_ar", "name_en"):
        stmt = sa.select(Theme.id).where(
            sa.func.lower(getattr(Theme, name)) == values[name].lower(), Theme.active.is_(True)
        )
        if theme_id is not None:
            stmt = stmt.where(Theme.id != theme_id)
        if db.session.scalar(stmt) is not None:
            errors[name] = _l("Another theme already has this name.")
    if errors:
        raise ThemeError(errors)


def create_theme(*, name_ar: str, name_en: str, description_en: str | None, actor: Any) -> Theme:
    values = {"name_ar": name_ar, "name_en": name_en, "description_en": description_en or None}
    _check_names(values, None)
    theme = Theme(code=code_from_name(name_en), **values)
    changes = audit.changed_fields(theme)
    db.session.add(theme)
    db.session.flush()
    audit.record("create", theme, user=actor, changes=changes)
    return theme


def update_theme(theme: Theme, *, name_ar: str, name_en: str, description_en: str | None, actor):
    values = {"name_ar": name_ar, "name_en": name_en, "description_en": description_en or None}
    _check_names(values, theme.id)
    for key, value in values.items():
        setattr(theme, key, value)
    changes = audit.changed_fields(theme)
    if changes:
        audit.record("update", theme, user=actor, changes=changes)
    return changes


def tagged_counts(theme_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """How many axes, priorities and outcomes carry each theme."""
    counts: dict[int, dict[str, int]] = {}
    for name, model in TAGGED:
        stmt = sa.select(model.theme_id, sa.func.count()).group_by(model.theme_id)
        if theme_ids is not None:
            stmt = stmt.where(model.theme_id.in_(theme_ids))
        for theme_id, count in db.session.execute(stmt):
            counts.setdefault(theme_id, {})[name] = count
    return counts


def merge_theme(source: Theme, target: Theme, *, actor: Any) -> dict[str, int]:
    """Every axis, priority and outcome of `source` moves to `target`; `source` stays, inactive,
    pointing at `target` (so reloading the shipped taxonomy does not bring it back)."""
    if source.id == target.id:
        raise ThemeError({"target_id": _l("A theme cannot be merged into itself.")})
    if not target.active:
        raise ThemeError({"target_id": _l("Choose an active theme to merge into.")})
    if source.merged_into_id is not None:
        raise ThemeError({"target_id": _l("This theme was already merged into another.")})
    moved: dict[str, int] = {}
    for name, model in TAGGED:
        result = db.session.execute(
            sa.update(model)
            .where(model.theme_id == source.id)
            .values(theme_id=target.id)
            .execution_options(synchronize_session=False)
        )
        moved[name] = result.rowcount
    source.active = False
    source.merged_into_id = target.id
    audit.record(
        "merge",
        source,
        user=actor,
        changes={"merged_into_id": [None, target.id], "active": [True, False], **moved},
    )
    db.session.flush()
    db.session.expire_all()  # objects in the session still carry the old theme ids
    return moved
