"""Who may manage which accounts: admins everyone; an organisation's manager its own staff.

The rule everywhere an account is created or changed (invite, edit, re-invite, reactivate; the
command line aside): nobody can make an account see more than they see themselves. So a
manager gives only the staff roles that fit their organisation's kind and reach no further than
their own role (an organiser: organiser or partner; a partner: partner), and donor accounts,
which read every donors-level dialogue, belong to donor organisations and are made by admins."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.auth.models import Role, User
from app.organizations.models import Organization, OrganizationKind

STAFF_ROLES = (Role.ORGANIZER, Role.PARTNER, Role.DONOR)
# What a manager of each role may give: never more than their own reach, never a donor.
MANAGER_MAY_GIVE = {
    Role.ORGANIZER: (Role.ORGANIZER, Role.PARTNER),
    Role.PARTNER: (Role.PARTNER,),
    Role.DONOR: (),
}


def fitting_roles(kind: OrganizationKind | None) -> tuple[Role, ...]:
    """The staff roles of an organisation of this kind: a donor organisation's people are
    donors; everyone else's are organisers or partners."""
    if kind == OrganizationKind.DONOR:
        return (Role.DONOR,)
    return (Role.ORGANIZER, Role.PARTNER)


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
    """The roles the actor may give (or leave) an account: every role for an admin; for a
    manager, those of MANAGER_MAY_GIVE that fit the organisation's kind; none otherwise."""
    if is_admin(actor):
        return tuple(Role)
    if not is_staff_manager(actor) or actor.organization is None:
        return ()
    fitting = fitting_roles(actor.organization.kind)
    return tuple(role for role in MANAGER_MAY_GIVE.get(actor.role, ()) if role in fitting)


def may_change(actor: Any, user: Any) -> bool:
    """The actor may change this account (edit, re-invite, reactivate): an admin any; a manager
    one of their staff whose role they could have given."""
    return is_admin(actor) or (
        user.organization_id == getattr(actor, "organization_id", None)
        and user.role in assignable_roles(actor)
    )


def assignable_organizations(actor: Any) -> sa.Select[tuple[Organization]]:
    stmt = sa.select(Organization).where(
        Organization.active.is_(True), Organization.confirmed.is_(True)
    )
    if is_admin(actor):
        return stmt.order_by(Organization.name_en, Organization.name_ar)
    if is_staff_manager(actor):
        return stmt.where(Organization.id == actor.organization_id)
    return stmt.where(sa.false())
