"""Signing in and out: one generic message, safe redirects, inactive users, CSRF on logout."""

import pytest

from app.auth.models import Role
from tests.factories import PASSWORD


def post_login(client, email, password, **extra):
    return client.post("/auth/login", data={"email": email, "password": password, **extra})


def test_organizer_signs_in_and_sees_their_name(client, make):
    user = make.user(email="organizer@example.org", name="Rana", role=Role.ORGANIZER)
    response = post_login(client, "Organizer@Example.org ", PASSWORD)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Rana" in page.get_data(as_text=True)
    assert user.last_login_at is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [("nobody@example.org", PASSWORD), ("known@example.org", "wrong password here")],
)
def test_unknown_email_and_wrong_password_get_the_same_answer(client, make, email, password):
    make.user(email="known@example.org")
    response = post_login(client, email, password)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "The e-mail address or password is not right." in body or "غير صحيحة" in body
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_inactive_user_cannot_sign_in(client, make):
    make.user(email="gone@example.org", active=False)
    assert post_login(client, "gone@example.org", PASSWORD).status_code == 401


def test_empty_form_gets_field_errors_not_a_crash(client):
    response = client.post("/auth/login", data={"email": "not-an-address", "password": ""})
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["/dialogues/", "/dialogues/?page=2"])
def test_next_sends_the_user_back_within_the_site(client, make, target):
    make.user(email="a@example.org")
    response = post_login(client, "a@example.org", PASSWORD, next=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "",
    ],
)
def test_next_never_leaves_the_site(client, make, target):
    make.user(email="a@example.org")
    response = post_login(client, "a@example.org", PASSWORD, next=target)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location


def test_logout_is_a_post(client, make, login):
    login(make.user())
    assert client.get("/auth/logout").status_code == 405
    response = client.post("/auth/logout")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_bumping_the_session_version_ends_existing_sessions(client, make, login, db):
    user = make.user(name="Signed In Person")
    db.session.commit()
    login(user)
    assert "Signed In Person" in client.get("/").get_data(as_text=True)
    user.session_version += 1
    db.session.commit()
    assert "Signed In Person" not in client.get("/").get_data(as_text=True)


def test_deactivated_user_is_signed_out_on_the_next_request(client, make, login, db):
    user = make.user(name="Soon Gone")
    db.session.commit()
    login(user)
    user.active = False
    db.session.commit()
    assert "Soon Gone" not in client.get("/").get_data(as_text=True)


class TestCsrf:
    @pytest.fixture(autouse=True)
    def csrf_on(self, app):
        app.config["WTF_CSRF_ENABLED"] = True
        yield
        app.config["WTF_CSRF_ENABLED"] = False

    def test_login_without_csrf_token_is_refused_with_a_clear_page(self, client, make):
        make.user(email="a@example.org")
        response = post_login(client, "a@example.org", PASSWORD)
        assert response.status_code == 400
        assert "expired" in response.get_data(as_text=True) or "انتهت" in response.get_data(
            as_text=True
        )

    def test_logout_with_tampered_token_keeps_the_session(self, client, make, login):
        login(make.user())
        response = client.post("/auth/logout", data={"csrf_token": "tampered"})
        assert response.status_code == 400
        with client.session_transaction() as session:
            assert "_user_id" in session


def test_an_over_long_email_is_a_field_error(client):
    response = post_login(client, "a" * 10_000 + "@example.org", PASSWORD)
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)
