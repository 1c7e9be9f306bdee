"""Security headers on every page: a CSP without inline scripts (but the nonce), no framing,
no sniffing, a referrer policy, HSTS over HTTPS; session cookies HttpOnly and SameSite."""

from __future__ import annotations

import re

import pytest

from app.dialogues.models import Visibility
from tests.core.test_pages import page_paths
from tests.factories import PASSWORD


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in header.split(";")) if part
    )


@pytest.fixture
def public_dialogue(make):
    return make.dialogue(visibility=Visibility.PUBLIC)


def test_every_page_carries_the_headers(app, client, make, login, public_dialogue):
    login(make.user(organization=public_dialogue.organizer))
    for path in page_paths(app, public_dialogue.id):
        response = client.get(path)
        csp = policy(response)
        scripts = csp["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        assert re.search(r"'nonce-[\w-]{20,}'", scripts), path
        assert csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_inline_scripts_carry_this_requests_nonce(client, make):
    make.dialogue()
    first, second = client.get("/map"), client.get("/map")
    nonce = re.search(r"'nonce-([\w-]+)'", first.headers["Content-Security-Policy"]).group(1)
    other = re.search(r"'nonce-([\w-]+)'", second.headers["Content-Security-Policy"]).group(1)
    assert nonce != other  # a fresh nonce per response
    html = first.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    executable = [attrs for attrs in inline if 'type="application/json"' not in attrs]
    assert executable, "the map page has folium's inline scripts"
    for attrs in executable:
        assert f'nonce="{nonce}"' in attrs
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


def test_tiles_are_the_only_other_host_and_only_when_on(app, client):
    assert "openstreetmap" not in client.get("/").headers["Content-Security-Policy"]
    app.config["MAP_TILES"] = "openstreetmap"
    try:
        csp = policy(client.get("/map"))
        assert csp["img-src"] == "'self' data: https://tile.openstreetmap.org"
        assert csp["connect-src"] == "'self'"
    finally:
        app.config["MAP_TILES"] = "none"


def test_https_responses_ask_for_https_from_now_on(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_session_cookie_is_http_only_and_same_site(client, make, app):
    user = make.user(email="rana@example.org")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302  # signed in
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
