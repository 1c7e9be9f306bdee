"""A user's own account: name, language, password change; and a deactivated user's session."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.extensions import db
from tests.factories import PASSWORD

NEW_PASSWORD = "a river runs through hama"


def test_a_user_changes_name_and_language(client, login, make):
    user = make.user(name="Rana", preferred_language=None)
    login(user)
    response = client.post("/account", data={"name": "Rana K.", "preferred_language": "ar"})
    assert response.status_code == 302
    assert user.name == "Rana K." and user.preferred_language == "ar"
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.entity_id == user.id)).one()
    assert event.changes == {"name": ["Rana", "Rana K."], "preferred_language": [None, "ar"]}


def test_a_blank_name_is_refused_next_to_the_field(client, login, make):
    user = make.user(name="Rana")
    login(user)
    response = client.post("/account", data={"name": "  ", "preferred_language": "en"})
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert user.name == "Rana"


def test_changing_the_password_asks_for_the_current_one(client, login, make):
    user = make.user()
    login(user)
    response = client.post(
        "/account/password",
        data={"current_password": "wrong", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "not your current password" in response.get_data(as_text=True)
    assert user.check_password(PASSWORD)


def test_changing_the_password_keeps_this_device_and_ends_the_others(app, client, login, make):
    user = make.user()
    login(user)
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.get_id()
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "password_change" in actions
    assert all(
        "password_hash" not in (e.changes or {}) for e in db.session.scalars(sa.select(AuditEvent))
    )


def test_a_weak_new_password_says_what_is_required(client, login, make):
    user = make.user()
    login(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert response.status_code == 400
    assert "at least 10" in response.get_data(as_text=True)
    assert user.check_password(PASSWORD)


def test_deactivation_ends_a_signed_in_session_on_its_next_request(app, client, login, make):
    admin = make.user(admin=True)
    victim = make.user(role=Role.PARTNER, email="victim@example.org")
    victim_browser = app.test_client()
    with victim_browser.session_transaction() as session:
        session["_user_id"] = victim.get_id()
    assert victim_browser.get("/account").status_code == 200

    login(admin)
    assert client.post(f"/admin/users/{victim.id}/deactivate").status_code == 302
    assert not victim.active
    response = victim_browser.get("/account")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]

    # Reactivated, the old session stays ended: the user signs in again.
    client.post(f"/admin/users/{victim.id}/reactivate")
    assert victim.active
    assert victim_browser.get("/account").status_code == 302
