"""Settings from the environment."""

import pytest

from app.config import (
    Config,
    MissingBaseUrlError,
    MissingSecretKeyError,
    ProductionConfig,
    config_for_environment,
    normalise_database_url,
)


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Config(str(tmp_path)).SECRET_KEY
    assert len(first) >= 32
    assert first == Config(str(tmp_path)).SECRET_KEY
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKeyError):
        ProductionConfig(str(tmp_path))


def test_production_takes_the_key_from_the_environment_and_secures_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("HIWAR_BASE_URL", "https://hiwar.example.org")
    settings = ProductionConfig(str(tmp_path))
    assert settings.SECRET_KEY == "from-the-environment"
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_sqlite_in_the_instance_folder_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert f"sqlite:///{tmp_path}/hiwar.sqlite3" == Config(str(tmp_path)).SQLALCHEMY_DATABASE_URI


@pytest.mark.parametrize(
    "url", ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"]
)
def test_postgresql_urls_use_psycopg_3(url):
    assert normalise_database_url(url) == "postgresql+psycopg://u@h/db"


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HIWAR_MAP_TILES", "none")
    monkeypatch.setenv("HIWAR_UPLOAD_FOLDER", "/srv/hiwar/uploads")
    monkeypatch.setenv("HIWAR_DEFAULT_LANGUAGE", "en")
    monkeypatch.setenv("HIWAR_SMALL_COUNT_THRESHOLD", "10")
    settings = Config(str(tmp_path))
    assert settings.MAP_TILES == "none"
    assert settings.UPLOAD_FOLDER == "/srv/hiwar/uploads"
    assert settings.BABEL_DEFAULT_LOCALE == "en"
    assert settings.SMALL_COUNT_THRESHOLD == 10


def test_an_unknown_environment_name_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HIWAR_ENV", "staging-ish")
    with pytest.raises(ValueError, match="HIWAR_ENV"):
        config_for_environment(str(tmp_path))


def test_production_refuses_to_start_without_a_base_url(tmp_path, monkeypatch):
    """Issue 13: e-mailed links are built from HIWAR_BASE_URL, never from the Host header."""
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("HIWAR_BASE_URL", raising=False)
    with pytest.raises(MissingBaseUrlError):
        ProductionConfig(str(tmp_path))


def test_production_trusts_only_the_base_urls_host(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("HIWAR_BASE_URL", "https://hiwar.example.org/")
    settings = ProductionConfig(str(tmp_path))
    assert settings.BASE_URL == "https://hiwar.example.org"
    assert settings.TRUSTED_HOSTS == ["hiwar.example.org"]


@pytest.mark.parametrize(
    "value", ["hiwar.example.org", "ftp://x.org", "https://", "https://a.org/?x=1"]
)
def test_a_base_url_that_is_not_an_address_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("HIWAR_BASE_URL", value)
    with pytest.raises(ValueError, match="HIWAR_BASE_URL"):
        Config(str(tmp_path))
