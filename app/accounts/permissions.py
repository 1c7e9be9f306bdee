"""Who may manage which accounts: admins everyone; an organisation's manager its own staff."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.auth.models import Role, User
from app.organizations.models import Organization

STAFF_ROLES = (Role.ORGANIZER, Role.PARTNER, Role.DONOR)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.ADMIN


def is_staff_manager(user: Any) -> bool:
    """A manager of an organisation (not an admin): may invite and manage its staff."""
    return (
        _signed_in(user)
        and user.role != Role.ADMIN
        and user.is_manager
        and user.organization_id is not None
    )


def can_manage_users(user: Any) -> bool:
    return is_admin(user) or is_staff_manager(user)


def manageable_users(actor: Any) -> sa.Select[tuple[User]]:
    """The accounts the actor may see and manage, as a select; nothing for anyone else."""
    stmt = sa.select(User)
    if is_admin(actor):
        return stmt
    if is_staff_manager(actor):
        return stmt.where(User.organization_id == actor.organization_id, User.role != Role.ADMIN)
    return stmt.where(sa.false())


def assignable_roles(actor: Any) -> tuple[Role, ...]:
    return tuple(Role) if is_admin(actor) else STAFF_ROLES


def assignable_organizations(actor: Any) -> sa.Select[tuple[Organization]]:
    stmt = sa.select(Organization).where(
        Organization.active.is_(True), Organization.confirmed.is_(True)
    )
    if is_admin(actor):
        return stmt.order_by(Organization.name_en, Organization.name_ar)
    if is_staff_manager(actor):
        return stmt.where(Organization.id == actor.organization_id)
    return stmt.where(sa.false())
