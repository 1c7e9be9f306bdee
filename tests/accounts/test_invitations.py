"""Inviting someone: the signed, single-use, expiring link, and the refusals around it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from app.accounts import tokens
from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.db import utcnow
from app.extensions import db

GOOD_PASSWORD = "olive trees by the orontes"


@pytest.fixture
def admin(make):
    return make.user(admin=True, email="admin@example.org")


@pytest.fixture
def partner_org(make):
    return make.organization(name_en="Homs Youth Network", name_ar="شبكة شباب حمص")


def invite(client, org, **extra):
    data = {
        "email": "sami@example.org",
        "name": "Sami",
        "role": "partner",
        "organization_id": str(org.id),
        "preferred_language": "en",
        **extra,
    }
    return client.post("/admin/users/invite", data=data)


def invited(email="sami@example.org") -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_the_full_invitation_flow(client, login, admin, partner_org, inbox):
    login(admin)
    response = invite(client, partner_org)
    assert response.status_code == 302
    user = invited()
    assert user.role == Role.PARTNER and user.organization_id == partner_org.id
    assert user.password_hash is None and user.active
    [message] = inbox.to("sami@example.org")
    assert message["Subject"] == "Your invitation to Hiwar"
    link = inbox.link_to("sami@example.org", "/auth/invitation/")

    client.post("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    assert "Sami" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/outcomes/"  # a partner lands on the queue
    assert user.check_password(GOOD_PASSWORD)
    assert client.get("/outcomes/").status_code == 200  # signed in
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == user.id)
    ).all()
    assert actions == ["invite", "accept_invitation"]

    # Used once: the same link now says so, and changes nothing.
    with client.session_transaction() as session:
        session.clear()
    again = client.post(link, data={"password": "another long password", "confirm": "x"})
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert user.check_password(GOOD_PASSWORD)


def test_without_a_mail_server_the_inviter_gets_the_link(client, login, admin, partner_org):
    login(admin)
    response = invite(client, partner_org)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/auth/invitation/" in page
    assert 'data-testid="invitation-link"' in page
    # An instruction, not a failure: what to do with the link, and a button that copies it.
    assert "Copy this link and send it to" in page
    assert "expires in 7 days" in page
    assert "could not be sent" not in page
    assert 'data-testid="copy-link"' in page and "/static/js/copy-link.js" in page


def link_for(user, purpose=tokens.INVITATION) -> str:
    prefix = "/auth/invitation/" if purpose == tokens.INVITATION else "/auth/reset/"
    return prefix + tokens.make_link_token(user, purpose)


def test_an_invitation_expires_after_seven_days(client, make):
    user = make.user(password_hash=None, role=Role.PARTNER)
    with freeze_time(utcnow()) as clock:
        link = link_for(user)
        db.session.commit()
        clock.tick(timedelta(days=6, hours=23))
        assert client.get(link).status_code == 200
        clock.tick(timedelta(hours=2))
        response = client.post(link, data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert user.password_hash is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.split(".")[0],
    ],
)
def test_a_tampered_invitation_is_refused(client, make, tamper):
    user = make.user(password_hash=None)
    token = tokens.make_link_token(user, tokens.INVITATION)
    response = client.post(
        "/auth/invitation/" + tamper(token),
        data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
    )
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert user.password_hash is None


def test_a_reset_link_is_not_an_invitation(client, make):
    user = make.user(password_hash=None)
    token = tokens.make_link_token(user, tokens.PASSWORD_RESET)
    assert client.get("/auth/invitation/" + token).status_code == 400


def test_a_new_invitation_replaces_the_old_link(client, login, make, admin):
    user = make.user(password_hash=None, role=Role.PARTNER)
    old = link_for(user)
    login(admin)
    assert client.post(f"/admin/users/{user.id}/reinvite").status_code == 302
    assert "replaced by a newer one" in client.get(old).get_data(as_text=True)
    assert client.get(link_for(user)).status_code == 200


def test_a_deactivated_invitee_cannot_use_the_link(client, make):
    user = make.user(password_hash=None, active=False)
    assert client.get(link_for(user)).status_code == 400


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10"),
        ("x" * 129, "at most 128"),
        ("password123", "too common"),
    ],
)
def test_a_weak_or_too_long_password_says_what_is_required(client, make, password, message):
    user = make.user(password_hash=None)
    response = client.post(link_for(user), data={"password": password, "confirm": password})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "invalid-feedback" in html
    assert user.password_hash is None


def test_the_two_passwords_must_match(client, make):
    user = make.user(password_hash=None)
    response = client.post(
        link_for(user), data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD + "!"}
    )
    assert response.status_code == 400
    assert "The two passwords differ." in response.get_data(as_text=True)


def test_inviting_an_existing_address_changes_nothing(client, login, admin, partner_org, make):
    make.user(email="sami@example.org")
    login(admin)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = invite(client, partner_org, email="Sami@Example.org")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "already exists" in html
    assert 'value="Sami"' in html  # the form keeps what was typed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before


def test_a_manager_invites_staff_to_its_own_organisation(client, login, make):
    org = make.organization()
    manager = make.user(role=Role.ORGANIZER, organization=org, is_manager=True)
    login(manager)
    response = invite(client, org, role="organizer")
    assert response.status_code == 302
    user = invited()
    assert user.organization_id == org.id and not user.is_manager


def test_a_manager_cannot_invite_an_admin(client, login, make):
    org = make.organization()
    login(make.user(role=Role.ORGANIZER, organization=org, is_manager=True))
    response = invite(client, org, role="admin")
    assert response.status_code == 400
    assert invited() is None


def test_a_manager_cannot_invite_staff_for_another_organisation(client, login, make):
    org, other = make.organization(), make.organization()
    login(make.user(role=Role.ORGANIZER, organization=org, is_manager=True))
    response = invite(client, other, role="partner")
    assert response.status_code == 400
    assert invited() is None


def test_a_manager_cannot_make_a_manager(client, login, make):
    org = make.organization()
    login(make.user(role=Role.ORGANIZER, organization=org, is_manager=True))
    invite(client, org, role="partner", is_manager="y")
    user = invited()
    assert user is not None and not user.is_manager
