"""Sign-in and the password pages are rate-limited per address and per account."""

from __future__ import annotations

import uuid

import pytest
import redis

from app import create_app
from app.api.limits import limiter_of

LIMITS = (
    "LOGIN_RATELIMIT_ADDRESS",
    "LOGIN_RATELIMIT_ACCOUNT",
    "RESET_RATELIMIT_ADDRESS",
    "RESET_RATELIMIT_ACCOUNT",
    "LINK_RATELIMIT_ADDRESS",
    "LINK_RATELIMIT_ACCOUNT",
)


@pytest.fixture
def limits(app):
    """Set low limits for one test, and start from empty counters."""
    saved = {name: app.config[name] for name in LIMITS}

    def set_limits(**values):
        app.config.update(values)
        limiter_of(app).reset()

    yield set_limits
    app.config.update(saved)
    limiter_of(app).reset()


def sign_in(client, email, address="10.0.0.1"):
    """A wrong password: 401 until the limit, then 429."""
    return client.post(
        "/auth/login",
        data={"email": email, "password": "not the password"},
        environ_base={"REMOTE_ADDR": address},
        headers={"Accept-Language": "en"},
    )


def test_one_account_is_locked_out_after_its_limit_from_any_address(client, make, limits):
    limits(LOGIN_RATELIMIT_ACCOUNT="3/minute", LOGIN_RATELIMIT_ADDRESS="100/minute")
    user = make.user(email="rana@example.org")
    for i in range(3):
        assert sign_in(client, user.email, address=f"10.0.0.{i}").status_code == 401
    refused = sign_in(client, "RANA@example.org ", address="10.0.0.9")  # the same account
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many requests" in refused.get_data(as_text=True)
    assert sign_in(client, "someone.else@example.org").status_code == 401


def test_one_address_is_stopped_whatever_the_accounts_it_tries(client, limits):
    limits(LOGIN_RATELIMIT_ADDRESS="4/minute", LOGIN_RATELIMIT_ACCOUNT="100/minute")
    for i in range(4):
        assert sign_in(client, f"guess{i}@example.org").status_code == 401
    assert sign_in(client, "guess9@example.org").status_code == 429
    assert sign_in(client, "guess9@example.org", address="10.0.0.2").status_code == 401


def test_reading_the_sign_in_page_is_not_counted(client, limits):
    limits(LOGIN_RATELIMIT_ADDRESS="1/minute")
    for _ in range(5):
        assert client.get("/auth/login").status_code == 200


def test_forgot_password_is_limited_per_address_and_per_account(client, limits):
    limits(RESET_RATELIMIT_ACCOUNT="2/minute", RESET_RATELIMIT_ADDRESS="100/minute")

    def forgot(email, address="10.0.0.1"):
        return client.post(
            "/auth/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address}
        )

    assert forgot("rana@example.org").status_code == 200
    assert forgot("rana@example.org", "10.0.0.2").status_code == 200
    assert forgot("rana@example.org", "10.0.0.3").status_code == 429
    limits(RESET_RATELIMIT_ACCOUNT="100/minute", RESET_RATELIMIT_ADDRESS="2/minute")
    assert forgot("a@example.org").status_code == 200
    assert forgot("b@example.org").status_code == 200
    assert forgot("c@example.org").status_code == 429


@pytest.mark.parametrize("path", ["/auth/invitation/{}", "/auth/reset/{}"])
def test_password_links_are_limited_per_link(client, limits, path):
    limits(LINK_RATELIMIT_ACCOUNT="2/minute", LINK_RATELIMIT_ADDRESS="100/minute")
    link = path.format("a-tampered-token")
    for i in range(2):
        response = client.post(link, data={}, environ_base={"REMOTE_ADDR": f"10.0.1.{i}"})
        assert response.status_code == 400  # a bad link: refused, and counted
    assert client.post(link, data={}, environ_base={"REMOTE_ADDR": "10.0.1.9"}).status_code == 429
    assert client.post(path.format("another"), data={}).status_code == 400


def _redis_or_skip(url):
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")


def test_two_app_servers_share_the_sign_in_counts_through_redis(app):
    url = "redis://127.0.0.1:6379/0"
    _redis_or_skip(url)
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": url,
        "RATELIMIT_KEY_PREFIX": f"hiwar-test-{uuid.uuid4().hex}",
        "LOGIN_RATELIMIT_ADDRESS": "3/minute",
    }
    first, second = create_app(settings), create_app(settings)
    tries = [first.test_client(), second.test_client(), first.test_client()]
    for client in tries:
        assert sign_in(client, "nobody@example.org").status_code == 401
    assert sign_in(second.test_client(), "nobody@example.org").status_code == 429


def test_behind_a_proxy_the_clients_address_is_counted(app):
    proxied = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PROXY_COUNT": 1,
            "LOGIN_RATELIMIT_ADDRESS": "2/minute",
        }
    )
    client = proxied.test_client()

    def through_proxy(address):
        return client.post(
            "/auth/login",
            data={"email": "x@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": address},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},  # the proxy
        )

    assert through_proxy("198.51.100.1").status_code == 401
    assert through_proxy("198.51.100.1").status_code == 401
    assert through_proxy("198.51.100.1").status_code == 429
    assert through_proxy("198.51.100.2").status_code == 401  # another client, same proxy
