"""Who may manage which accounts (app/accounts/permissions.py), as a table over every kind of
actor: admins everyone; an organisation's manager its own staff, with staff roles and its own
organisation only; everybody else nobody."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.accounts import permissions
from app.auth.models import Role, User
from app.extensions import db

STAFF = {Role.ORGANIZER, Role.PARTNER, Role.DONOR}


@pytest.fixture
def people(make):
    home, other = make.organization(name_en="Home"), make.organization(name_en="Other")
    make.organization(name_en="Closed", active=False)
    actors = {
        "anonymous": AnonymousUserMixin(),
        "nobody": None,
        "admin": make.user(admin=True),
        "manager": make.user(role=Role.ORGANIZER, organization=home, is_manager=True),
        "partner_manager": make.user(role=Role.PARTNER, organization=home, is_manager=True),
        "organiser": make.user(role=Role.ORGANIZER, organization=home),
        "donor": make.user(role=Role.DONOR, organization=home),
        "admin_marked_manager": make.user(admin=True, is_manager=True),
        # the database refuses such an account; the rule must not need the database to
        "manager_without_organisation": User(
            role=Role.ORGANIZER, organization_id=None, is_manager=True, active=True
        ),
    }
    colleague = make.user(role=Role.PARTNER, organization=home)
    outsider = make.user(role=Role.PARTNER, organization=other)
    db.session.commit()
    return {
        "actors": actors,
        "home": home,
        "other": other,
        "colleague": colleague,
        "outsider": outsider,
    }


# actor -> (is_admin, is_staff_manager, can_manage_users)
EXPECTED = {
    "anonymous": (False, False, False),
    "nobody": (False, False, False),
    "admin": (True, False, True),
    "manager": (False, True, True),
    "partner_manager": (False, True, True),
    "organiser": (False, False, False),
    "donor": (False, False, False),
    "admin_marked_manager": (True, False, True),
    "manager_without_organisation": (False, False, False),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_who_is_what(people, name):
    actor = people["actors"][name]
    assert (
        permissions.is_admin(actor),
        permissions.is_staff_manager(actor),
        permissions.can_manage_users(actor),
    ) == EXPECTED[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_which_accounts_roles_and_organisations_each_may_assign(people, name):
    actor = people["actors"][name]
    admin, manager = EXPECTED[name][0], EXPECTED[name][1]
    users = set(db.session.scalars(permissions.manageable_users(actor)))
    organisations = {
        o.name_en for o in db.session.scalars(permissions.assignable_organizations(actor))
    }
    roles = set(permissions.assignable_roles(actor))
    if admin:
        assert people["outsider"] in users and people["actors"]["admin"] in users
        assert organisations == {"Home", "Other"}  # active ones only
        assert roles == set(Role)
    elif manager:
        assert people["colleague"] in users and people["outsider"] not in users
        assert all(u.organization_id == people["home"].id and u.role != Role.ADMIN for u in users)
        assert organisations == {"Home"}
        # Issue 13: never a donor, never further than the manager's own role.
        own = {"manager": {Role.ORGANIZER, Role.PARTNER}, "partner_manager": {Role.PARTNER}}
        assert roles == own[name]
    else:
        assert users == set() and organisations == set()
        assert roles == set()


def test_the_admins_organisations_come_in_name_order(people, make):
    make.organization(name_en="Aleppo Youth")
    db.session.commit()
    listed = [
        o.name_en
        for o in db.session.scalars(permissions.assignable_organizations(people["actors"]["admin"]))
    ]
    assert listed == ["Aleppo Youth", "Home", "Other"]


def test_staff_roles_are_every_role_but_admin():
    assert permissions.STAFF_ROLES == (Role.ORGANIZER, Role.PARTNER, Role.DONOR)
