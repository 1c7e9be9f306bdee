"""Recording audit events. Services call record(); they flush, the request handler commits."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def changed_fields(obj: Any) -> dict[str, list[Any]]:
    """Column changes of a pending ORM object, as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    state = sa.inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in {"search_text", "updated_at", "version"}:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def record(
    action: str,
    entity: Any = None,
    *,
    user: Any = None,
    entity_type: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        entity_type=entity_type or (entity.__tablename__ if entity is not None else "system"),
        entity_id=getattr(entity, "id", None),
        user_id=getattr(user, "id", None),
        organization_id=getattr(user, "organization_id", None),
        changes={key: _plain(value) for key, value in (changes or {}).items()},
    )
    db.session.add(event)
    return event
