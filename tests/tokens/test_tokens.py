"""Personal API tokens: created on /account/tokens and shown once, stored as a hash, scoped,
expiring, revocable; a token never grants more than its user has."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.dialogues.models import Visibility
from app.tokens.models import ApiToken, TokenScope
from app.tokens.services import hash_token
from tests import factories

SECRET = re.compile(r'data-testid="token-secret">(hiwar_[A-Za-z0-9_-]+)<')


def create(client, **data):
    form = {"name": "M&E export", "scope": "read", "expires_on": "", **data}
    return client.post("/account/tokens/", data=form)


def test_the_token_page_needs_a_signed_in_user(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_token_page_speaks_both_languages(client, login, make, language):
    login(make.user())
    html = client.get("/account/tokens/", headers={"Accept-Language": language}).get_data(
        as_text=True
    )
    assert f'lang="{language}"' in html
    assert ("رموز" in html) if language == "ar" else ("API tokens" in html)


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(client, login, make, db):
    user = make.user()
    login(user)
    response = create(client, name="Donor dashboard", scope="read_write")
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]
    secret = SECRET.search(response.get_data(as_text=True)).group(1)
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.user_id == user.id and token.name == "Donor dashboard"
    assert token.scope == TokenScope.READ_WRITE
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 3
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "create")).one()
    # The list shows the token afterwards, never its secret.
    html = client.get("/account/tokens/").get_data(as_text=True)
    assert "Donor dashboard" in html and secret not in html
    assert secret not in str(db.session.scalars(sa.select(AuditEvent)).all()[0].changes)


def test_creating_a_token_needs_a_name_and_a_future_expiry(client, login, make, db):
    login(make.user())
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = create(client, name="", expires_on=yesterday, scope="admin")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_creating_and_revoking_need_the_csrf_token(app, client, login, make, db):
    user = make.user()
    factories.api_token(user)
    token_id = db.session.scalars(sa.select(ApiToken.id)).one()
    login(user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert create(client).status_code == 400
        assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1
    assert db.session.get(ApiToken, token_id).revoked_at is None


def test_a_revoked_token_stops_working(client, login, api, make, db):
    user = make.user()
    secret = factories.api_token(user)
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert api.get("/dialogues", token=secret).status_code == 200
    login(user)
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert token.revoked_at is not None
    refused = api.get("/dialogues", token=secret)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_users_token(client, login, make, db):
    factories.api_token(make.user())
    token = db.session.scalars(sa.select(ApiToken)).one()
    login(make.user())
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert token.revoked_at is None


def test_an_expired_token_stops_working(api, make, db):
    secret = factories.api_token(make.user(), expires_on=date.today())
    assert api.get("/dialogues", token=secret).status_code == 200
    token = db.session.scalars(sa.select(ApiToken)).one()
    token.expires_at = token.expires_at - timedelta(days=1, seconds=1)
    assert api.get("/dialogues", token=secret).status_code == 401


def test_a_deactivated_users_token_stops_working(api, make):
    user = make.user()
    secret = factories.api_token(user)
    user.active = False
    assert api.get("/dialogues", token=secret).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer hiwar_not-a-token", "Bearer", "Basic dXNlcjpwYXNz", "hiwar_x"]
)
def test_a_wrong_authorization_header_is_refused_not_ignored(api, header):
    response = api.get("/dialogues", headers={"Authorization": header})
    assert response.status_code == 401


def test_the_token_records_when_it_was_last_used(api, make, db):
    secret = factories.api_token(make.user())
    api.get("/places", token=secret)
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is not None


def test_a_token_sees_what_its_user_sees_and_no_more(api, make):
    internal = make.dialogue(visibility=Visibility.INTERNAL)
    public = make.dialogue(visibility=Visibility.PUBLIC)
    own = factories.api_token(make.user(organization=internal.organizer))
    donor = factories.api_token(make.user(role=Role.DONOR), scope=TokenScope.READ)
    assert {d["id"] for d in api.get("/dialogues", token=own).get_json()["items"]} == {
        internal.id,
        public.id,
    }
    assert [d["id"] for d in api.get("/dialogues", token=donor).get_json()["items"]] == [public.id]
    assert api.get(f"/dialogues/{internal.id}", token=donor).status_code == 404


def test_a_refused_token_is_logged_without_the_token(api, caplog, monkeypatch):
    import logging

    # Alembic's logging set-up (the migration tests) disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("hiwar.security"), "disabled", False)
    with caplog.at_level("INFO", logger="hiwar.security"):
        api.get("/dialogues", token="hiwar_secret-guess")
    assert "API token refused on /api/v1/dialogues" in caplog.text
    assert "secret-guess" not in caplog.text
