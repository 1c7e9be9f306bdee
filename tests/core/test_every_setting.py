"""Every setting of the README's table (issue 13): an app started with it, from the environment
as an operator would, opening the pages it affects. HIWAR_RATELIMIT_ENABLED=0 made the sign-in
page a 500 and nothing caught it; a setting missing here fails the first test."""

from __future__ import annotations

import gc
import importlib.util
import re
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.places.services import load_places
from app.themes.services import load_themes
from tests import factories

README = Path(__file__).resolve().parents[2] / "README.md"
NOT_APP_SETTINGS = {
    # The test suite's and the load test's own settings: the suite and `make loadtest` are
    # started with them (tests/conftest.py, loadtest/run.py), not the app.
    "TEST_DATABASE_URL": "the whole suite runs with it (tests/conftest.py)",
    "LOADTEST_DATABASE_URL": "make loadtest's database, dropped and recreated by the script",
    "LOADTEST_REDIS_URL": "make loadtest's Redis database, flushed by the script",
}


def readme_settings() -> set[str]:
    table = README.read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    return {name for row in table.splitlines() for name in re.findall(r"`([A-Z_]+)`", row[:120])}


def started(monkeypatch, tmp_path, env: dict[str, str]):
    """An app from the environment (HIWAR_ENV=development unless given), with a fresh SQLite
    database holding the reference data and a dialogue."""
    monkeypatch.setenv("HIWAR_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'settings.sqlite3'}")
    monkeypatch.setenv("HIWAR_MAP_TILES", "none")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    with app.app_context():
        db.create_all()
        load_places()
        load_themes()
        factories.dialogue()
        factories.user(email="user@example.org")
        db.session.commit()
        db.session.remove()
    gc.collect()  # a worker collects garbage between requests: weak references must survive
    return app


def opens(client, *paths, status=200, **kwargs):
    for path in paths:
        response = client.get(path, **kwargs)
        assert response.status_code == status, (path, response.status_code)
    return response


# name -> (environment, check(app, client, tmp_path)); the check opens the pages it affects.
def check_env(app, client, tmp_path):
    opens(client, "/", "/auth/login", "/dialogues/", "/dashboard")


def check_production(app, client, tmp_path):
    response = opens(client, "/auth/login")
    assert "Secure" in response.headers.get("Set-Cookie", "")
    opens(client, "/dashboard", "/map")


def check_secret_key(app, client, tmp_path):
    assert app.secret_key == "s" * 40
    opens(client, "/auth/login")


def check_database(app, client, tmp_path):
    assert (tmp_path / "settings.sqlite3").stat().st_size > 0
    opens(client, "/dialogues/", "/healthz")


def check_language(app, client, tmp_path):
    assert 'lang="en"' in opens(client, "/").get_data(as_text=True)


def check_tiles(app, client, tmp_path):
    response = opens(client, "/map")
    assert "tile.openstreetmap.org" in response.headers["Content-Security-Policy"]


def check_upload_folder(app, client, tmp_path):
    assert app.config["UPLOAD_FOLDER"] == str(tmp_path / "uploads")
    opens(client, "/dialogues/")


def check_backup_folder(app, client, tmp_path):
    with app.app_context():  # the test's own app context would otherwise be the one used
        result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "backups").glob("*.tar.gz")), result.output


def check_threshold(app, client, tmp_path):
    assert app.config["SMALL_COUNT_THRESHOLD"] == 10
    html = opens(client, "/dashboard").get_data(as_text=True)
    assert "10" in html


def check_disclosure_key(app, client, tmp_path):
    assert app.config["DISCLOSURE_KEY"] == "a-rounding-key"
    opens(client, "/dashboard", "/map")


def check_cache_off(app, client, tmp_path):
    assert app.config["FIGURE_CACHE"] is False
    opens(client, "/dashboard", "/map")


def check_cache_redis(app, client, tmp_path):
    assert app.config["CACHE_TYPE"] == "RedisCache"
    opens(client, "/dashboard", "/map")  # a Redis that answers or not: the pages open


def check_cache_seconds(app, client, tmp_path):
    assert app.config["CACHE_DEFAULT_TIMEOUT"] == 60
    opens(client, "/dashboard")


def check_cookies_not_secure(app, client, tmp_path):
    response = opens(client, "/auth/login")
    assert "Secure" not in response.headers.get("Set-Cookie", "")


def check_smtp(app, client, tmp_path):
    html = opens(client, "/auth/forgot").get_data(as_text=True)
    assert "does not send e-mail" not in html


def check_base_url(app, client, tmp_path):
    from app.core.links import external_url

    with app.test_request_context("/", base_url="http://elsewhere.example"):
        assert external_url("core.home") == "https://hiwar.example.org/"
    opens(client, "/auth/forgot")


def check_invitation_days(app, client, tmp_path):
    assert app.config["INVITATION_MAX_AGE"].days == 3
    opens(client, "/auth/login")


def check_reset_hours(app, client, tmp_path):
    assert app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() == 3600
    opens(client, "/auth/forgot")


def check_storage(app, client, tmp_path):
    opens(client, "/api/v1/themes", "/auth/login")


def check_api_address_limit(app, client, tmp_path):
    opens(client, "/api/v1/themes")
    opens(client, "/api/v1/themes", status=429)


def check_api_token_limit(app, client, tmp_path):
    with app.app_context():
        from app.auth.models import User

        user = db.session.scalar(db.select(User))
        secret = factories.api_token(user)
        db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    opens(client, "/api/v1/themes", headers=headers)
    opens(client, "/api/v1/themes", status=429, headers=headers)


def check_proxy_count(app, client, tmp_path):
    response = opens(client, "/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def check_limits_off(app, client, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = False
    opens(client, "/auth/login", "/auth/forgot", "/api/v1/themes", "/api/v1/themes")
    for _ in range(3):
        response = client.post("/auth/login", data={"email": "a@b.org", "password": "x" * 12})
        assert response.status_code != 429


def post_twice(client, path, data):
    client.application.config["WTF_CSRF_ENABLED"] = False  # the limits come before the form
    client.get(path)
    first = client.post(path, data=data)
    second = client.post(path, data=data)
    assert first.status_code != 429 and second.status_code == 429, path


def check_login_limit(app, client, tmp_path):
    post_twice(client, "/auth/login", {"email": "a@b.org", "password": "wrong password"})


def check_reset_limit(app, client, tmp_path):
    post_twice(client, "/auth/forgot", {"email": "a@b.org"})


def check_link_limit(app, client, tmp_path):
    post_twice(client, "/auth/reset/not-a-link", {"password": "x", "confirm": "x"})


CASES = {
    "HIWAR_ENV": ({"HIWAR_ENV": "development"}, check_env),
    "HIWAR_ENV=production": (
        {
            "HIWAR_ENV": "production",
            "SECRET_KEY": "p" * 40,
            "HIWAR_BASE_URL": "http://localhost",
        },
        check_production,
    ),
    "SECRET_KEY": ({"SECRET_KEY": "s" * 40}, check_secret_key),
    "DATABASE_URL": ({}, check_database),
    "HIWAR_DEFAULT_LANGUAGE": ({"HIWAR_DEFAULT_LANGUAGE": "en"}, check_language),
    "HIWAR_MAP_TILES": ({"HIWAR_MAP_TILES": "openstreetmap"}, check_tiles),
    "HIWAR_UPLOAD_FOLDER": ({"HIWAR_UPLOAD_FOLDER": "{tmp}/uploads"}, check_upload_folder),
    "HIWAR_BACKUP_FOLDER": ({"HIWAR_BACKUP_FOLDER": "{tmp}/backups"}, check_backup_folder),
    "HIWAR_SMALL_COUNT_THRESHOLD": ({"HIWAR_SMALL_COUNT_THRESHOLD": "10"}, check_threshold),
    "HIWAR_DISCLOSURE_KEY": ({"HIWAR_DISCLOSURE_KEY": "a-rounding-key"}, check_disclosure_key),
    "HIWAR_CACHE": ({"HIWAR_CACHE": "0"}, check_cache_off),
    "HIWAR_CACHE_REDIS_URL": (
        {"HIWAR_CACHE_REDIS_URL": "redis://127.0.0.1:6379/7"},
        check_cache_redis,
    ),
    "HIWAR_CACHE_SECONDS": ({"HIWAR_CACHE_SECONDS": "60"}, check_cache_seconds),
    "HIWAR_SECURE_COOKIES": (
        {
            "HIWAR_ENV": "production",
            "SECRET_KEY": "p" * 40,
            "HIWAR_BASE_URL": "http://localhost",
            "HIWAR_SECURE_COOKIES": "0",
        },
        check_cookies_not_secure,
    ),
    "HIWAR_SMTP_HOST": ({"HIWAR_SMTP_HOST": "127.0.0.1"}, check_smtp),
    "HIWAR_SMTP_PORT": ({"HIWAR_SMTP_HOST": "127.0.0.1", "HIWAR_SMTP_PORT": "2525"}, check_smtp),
    "HIWAR_SMTP_USERNAME": (
        {"HIWAR_SMTP_HOST": "127.0.0.1", "HIWAR_SMTP_USERNAME": "hiwar"},
        check_smtp,
    ),
    "HIWAR_SMTP_PASSWORD": (
        {"HIWAR_SMTP_HOST": "127.0.0.1", "HIWAR_SMTP_PASSWORD": "secret"},
        check_smtp,
    ),
    "HIWAR_SMTP_STARTTLS": (
        {"HIWAR_SMTP_HOST": "127.0.0.1", "HIWAR_SMTP_STARTTLS": "1"},
        check_smtp,
    ),
    "HIWAR_MAIL_FROM": (
        {"HIWAR_SMTP_HOST": "127.0.0.1", "HIWAR_MAIL_FROM": "hiwar@example.org"},
        check_smtp,
    ),
    "HIWAR_BASE_URL": ({"HIWAR_BASE_URL": "https://hiwar.example.org"}, check_base_url),
    "HIWAR_INVITATION_DAYS": ({"HIWAR_INVITATION_DAYS": "3"}, check_invitation_days),
    "HIWAR_PASSWORD_RESET_HOURS": ({"HIWAR_PASSWORD_RESET_HOURS": "1"}, check_reset_hours),
    "HIWAR_RATELIMIT_STORAGE_URI": ({"HIWAR_RATELIMIT_STORAGE_URI": "memory://"}, check_storage),
    "HIWAR_API_RATELIMIT_TOKEN": ({"HIWAR_API_RATELIMIT_TOKEN": "1/minute"}, check_api_token_limit),
    "HIWAR_API_RATELIMIT_ADDRESS": (
        {"HIWAR_API_RATELIMIT_ADDRESS": "1/minute"},
        check_api_address_limit,
    ),
    "HIWAR_PROXY_COUNT": ({"HIWAR_PROXY_COUNT": "1"}, check_proxy_count),
    "HIWAR_RATELIMIT_ENABLED": (
        {"HIWAR_RATELIMIT_ENABLED": "0", "HIWAR_LOGIN_RATELIMIT_ADDRESS": "1/minute"},
        check_limits_off,
    ),
    "HIWAR_LOGIN_RATELIMIT_ADDRESS": (
        {"HIWAR_LOGIN_RATELIMIT_ADDRESS": "1/minute"},
        check_login_limit,
    ),
    "HIWAR_LOGIN_RATELIMIT_ACCOUNT": (
        {"HIWAR_LOGIN_RATELIMIT_ACCOUNT": "1/minute"},
        check_login_limit,
    ),
    "HIWAR_RESET_RATELIMIT_ADDRESS": (
        {"HIWAR_RESET_RATELIMIT_ADDRESS": "1/minute"},
        check_reset_limit,
    ),
    "HIWAR_RESET_RATELIMIT_ACCOUNT": (
        {"HIWAR_RESET_RATELIMIT_ACCOUNT": "1/minute"},
        check_reset_limit,
    ),
    "HIWAR_LINK_RATELIMIT_ADDRESS": (
        {"HIWAR_LINK_RATELIMIT_ADDRESS": "1/minute"},
        check_link_limit,
    ),
    "HIWAR_LINK_RATELIMIT_ACCOUNT": (
        {"HIWAR_LINK_RATELIMIT_ACCOUNT": "1/minute"},
        check_link_limit,
    ),
}
GUNICORN = {
    "HIWAR_BIND": ("0.0.0.0:9000", "bind", "0.0.0.0:9000"),
    "HIWAR_WORKERS": ("3", "workers", 3),
    "HIWAR_THREADS": ("4", "threads", 4),
    "HIWAR_FORWARDED_ALLOW_IPS": ("10.0.0.1", "forwarded_allow_ips", "10.0.0.1"),
}


def test_every_setting_of_the_readme_is_tested():
    covered = {name.split("=")[0] for name in CASES} | set(GUNICORN) | set(NOT_APP_SETTINGS)
    missing = readme_settings() - covered
    assert not missing, f"settings in the README without a test: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_app_starts_with_the_setting_and_serves_its_pages(name, monkeypatch, tmp_path):
    env, check = CASES[name]
    app = started(monkeypatch, tmp_path, {k: v.format(tmp=tmp_path) for k, v in env.items()})
    if name != "DATABASE_URL":
        assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("settings.sqlite3")
    check(app, app.test_client(), tmp_path)


@pytest.mark.parametrize("name", sorted(GUNICORN))
def test_gunicorn_reads_its_settings(name, monkeypatch):
    value, attribute, expected = GUNICORN[name]
    monkeypatch.setenv(name, value)
    path = README.parent / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("hiwar_gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert getattr(module, attribute) == expected
