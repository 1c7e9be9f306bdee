"""Forgot password: one answer whatever the address, a signed single-use expiring link by
e-mail, and the reset ends every other session. Against a local SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from app.accounts import tokens
from app.db import utcnow
from tests.factories import PASSWORD

NEW_PASSWORD = "jasmine over the old city"


def forgot(client, email):
    # buffered: the test client then closes the response, which is when the e-mail goes out.
    return client.post("/auth/forgot", data={"email": email}, buffered=True)


def test_the_reset_flow_ends_other_sessions(app, client, make, inbox):
    user = make.user(email="rana@example.org", preferred_language="en")
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert other_device.get("/account").status_code == 200

    response = forgot(client, "Rana@Example.org")
    assert response.status_code == 200
    [message] = inbox.to("rana@example.org")
    assert message["Subject"] == "Resetting your Hiwar password"
    link = inbox.link_to("rana@example.org", "/auth/reset/")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/account").status_code == 200  # this device is signed in
    assert other_device.get("/account").status_code == 302  # the other one is not

    with client.session_transaction() as session:
        session.clear()
    again = client.post(link, data={"password": PASSWORD + "x", "confirm": PASSWORD + "x"})
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert user.check_password(NEW_PASSWORD)


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, make, inbox):
    make.user(email="known@example.org")
    known = forgot(client, "known@example.org")
    unknown = forgot(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return response.get_data(as_text=True).split("<main", 1)[1]

    assert main(known) == main(unknown)
    assert len(inbox.messages) == 1 and inbox.to("known@example.org")


def test_a_deactivated_account_gets_no_link(client, make, inbox):
    make.user(email="gone@example.org", active=False)
    assert forgot(client, "gone@example.org").status_code == 200
    assert inbox.messages == []


def test_at_most_three_reset_mails_an_hour(client, make, inbox):
    make.user(email="rana@example.org")
    for _ in range(5):
        assert forgot(client, "rana@example.org").status_code == 200
    assert len(inbox.to("rana@example.org")) == 3


def test_without_a_mail_server_nothing_is_sent_and_the_page_says_so(client, make):
    make.user(email="rana@example.org")
    html = forgot(client, "rana@example.org").get_data(as_text=True)
    assert "does not send e-mail" in html


def test_a_reset_link_expires(client, make):
    user = make.user()
    with freeze_time(utcnow()) as clock:
        link = "/auth/reset/" + tokens.make_link_token(user, tokens.PASSWORD_RESET)
        clock.tick(timedelta(hours=2, minutes=1))
        response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert user.check_password(PASSWORD)


def test_a_tampered_reset_link_is_refused(client, make):
    user = make.user()
    token = tokens.make_link_token(user, tokens.PASSWORD_RESET)
    header, _, rest = token.partition(".")
    forged = tokens.make_link_token(make.user(), tokens.PASSWORD_RESET)
    response = client.post(
        "/auth/reset/" + forged.partition(".")[0] + "." + rest,
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("email", ["", "not-an-address", "a@" + "x" * 260 + ".org"])
def test_a_bad_address_is_a_field_error(client, email):
    response = forgot(client, email)
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)


def test_links_use_the_configured_base_url_not_the_host_header(
    app, client, make, inbox, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", "https://hiwar.example.org")
    make.user(email="rana@example.org")
    client.post(
        "/auth/forgot",
        data={"email": "rana@example.org"},
        headers={"Host": "evil.example"},
        buffered=True,
    )
    [message] = inbox.to("rana@example.org")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "https://hiwar.example.org/auth/reset/" in body and "evil.example" not in body


def test_the_mail_goes_out_after_the_response(client, make, inbox):
    make.user(email="rana@example.org")
    response = client.post("/auth/forgot", data={"email": "rana@example.org"})
    assert response.status_code == 200 and inbox.messages == []
    response.close()  # what the WSGI server does once the page has been sent
    assert len(inbox.to("rana@example.org")) == 1
