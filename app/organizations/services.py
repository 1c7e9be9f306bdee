"""Creating and editing organisations; every change is audited. The caller commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.audit import services as audit
from app.auth.services import AccountError
from app.extensions import db
from app.organizations.models import Organization

FIELDS = ("name_ar", "name_en", "kind", "home_city_id", "website", "description")


class OrganizationError(AccountError):
    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def _name_taken(column, value: str | None, organization_id: int | None) -> bool:
    if not value:
        return False
    stmt = sa.select(Organization.id).where(sa.func.lower(column) == value.lower())
    if organization_id is not None:
        stmt = stmt.where(Organization.id != organization_id)
    return db.session.scalar(stmt) is not None


def _check(values: dict[str, Any], organization_id: int | None) -> None:
    errors: dict[str, Any] = {}
    if not values.get("name_ar") and not values.get("name_en"):
        errors["name_ar"] = _l("Give the organisation a name, in Arabic or English or both.")
    for name in ("name_ar", "name_en"):
        if _name_taken(getattr(Organization, name), values.get(name), organization_id):
            errors[name] = _l("Another organisation already has this name.")
    if errors:
        raise OrganizationError(errors)


def create_organization(values: dict[str, Any], *, actor: Any) -> Organization:
    values = {key: values.get(key) for key in FIELDS}
    _check(values, None)
    organization = Organization(**values)
    changes = audit.changed_fields(organization)  # before the flush, which clears the history
    db.session.add(organization)
    db.session.flush()
    audit.record("create", organization, user=actor, changes=changes)
    return organization


def update_organization(organization: Organization, values: dict[str, Any], *, actor: Any):
    values = {key: values.get(key) for key in FIELDS}
    _check(values, organization.id)
    for key, value in values.items():
        setattr(organization, key, value)
    changes = audit.changed_fields(organization)
    if changes:
        audit.record("update", organization, user=actor, changes=changes)
    return changes


def set_active(organization: Organization, active: bool, *, actor: Any) -> None:
    if organization.active == active:
        return
    organization.active = active
    audit.record(
        "reactivate" if active else "deactivate",
        organization,
        user=actor,
        changes={"active": [not active, active]},
    )
