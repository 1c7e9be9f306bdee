"""Managing users: role and organisation changes are audited; refusals change nothing."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.extensions import db


def edit(client, user, **changes):
    data = {
        "name": user.name,
        "role": user.role.value,
        "organization_id": str(user.organization_id or ""),
        **changes,
    }
    return client.post(f"/admin/users/{user.id}", data=data)


def test_admin_changes_role_and_organisation_with_an_audit_event(client, login, people):
    login(people.admin)
    staff = people.staff
    response = edit(client, staff, role="partner", organization_id=str(people.other.id))
    assert response.status_code == 302
    assert staff.role == Role.PARTNER and staff.organization_id == people.other.id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "update"))
    assert event.entity_id == staff.id and event.user_id == people.admin.id
    assert event.changes == {
        "role": ["organizer", "partner"],
        "organization_id": [people.home.id, people.other.id],
    }


def test_admin_makes_someone_a_manager(client, login, people):
    login(people.admin)
    edit(client, people.staff, is_manager="y")
    assert people.staff.is_manager


def test_a_manager_changes_a_role_within_its_organisation(client, login, people):
    login(people.manager)
    assert edit(client, people.staff, role="partner").status_code == 302
    assert people.staff.role == Role.PARTNER


def test_a_manager_cannot_promote_to_admin_or_move_staff_away(client, login, people):
    login(people.manager)
    assert edit(client, people.staff, role="admin").status_code == 400
    response = edit(client, people.staff, organization_id=str(people.other.id))
    assert response.status_code == 400
    assert people.staff.role == Role.ORGANIZER and people.staff.organization_id == people.home.id
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "update")) is None


def test_nobody_changes_their_own_role_or_deactivates_themselves(client, login, people):
    login(people.admin)
    response = edit(client, people.admin, role="organizer", organization_id=str(people.home.id))
    assert response.status_code == 400
    assert "your own role" in response.get_data(as_text=True)
    client.post(f"/admin/users/{people.admin.id}/deactivate")
    assert people.admin.active and people.admin.role == Role.ADMIN


def test_a_user_without_an_organisation_must_be_an_admin(client, login, people):
    login(people.admin)
    response = edit(client, people.staff, organization_id="")
    assert response.status_code == 400
    assert people.staff.organization_id == people.home.id


def test_a_manager_deactivates_its_staff(client, login, people):
    login(people.manager)
    client.post(f"/admin/users/{people.staff.id}/deactivate")
    assert not people.staff.active
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "deactivate"))
    assert event.user_id == people.manager.id and event.organization_id == people.home.id


def test_the_user_list_searches_names_and_addresses(client, login, people):
    login(people.admin)
    html = client.get("/admin/users/?q=partner@").get_data(as_text=True)
    assert "partner@example.org" in html and "staff@example.org" not in html


def test_admin_filters_users_by_organisation(client, login, people):
    login(people.admin)
    html = client.get(f"/admin/users/?organization={people.other.id}").get_data(as_text=True)
    assert "partner@example.org" in html and "staff@example.org" not in html


def test_a_manager_cannot_widen_its_list_with_the_filter(client, login, people):
    login(people.manager)
    html = client.get(f"/admin/users/?organization={people.other.id}").get_data(as_text=True)
    assert "partner@example.org" not in html


def test_the_user_list_runs_the_same_queries_for_few_and_many_organisations(
    client, login, make, count_queries
):
    login(make.user(role="admin"))
    for _ in range(3):
        make.user()  # each in an organisation of its own
    with count_queries() as few:
        assert client.get("/admin/users/").status_code == 200
    for _ in range(30):
        make.user()
    with count_queries() as many:
        assert client.get("/admin/users/").status_code == 200
    assert len(many) == len(few)


def test_the_organisation_list_runs_the_same_queries_for_few_and_many(
    client, login, make, count_queries
):
    login(make.user(role="admin"))
    for _ in range(3):
        make.organization(home_city=make.city())
    with count_queries() as few:
        assert client.get("/admin/organizations/?q=a").status_code == 200
    for _ in range(30):
        make.organization(home_city=make.city())
    with count_queries() as many:
        assert client.get("/admin/organizations/?q=a").status_code == 200
    assert len(many) == len(few)
