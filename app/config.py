"""Settings, read from the environment. Every setting is listed in the README."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class MissingSecretKeyError(RuntimeError):
    """Production refuses to start without an explicit SECRET_KEY."""


def development_secret_key(instance_path: str) -> str:
    """Generate a key once and keep it in the instance folder, so sessions survive restarts."""
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// URL; we always talk to PostgreSQL through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    ENV_NAME = "development"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; forms left open stay valid
    BABEL_DEFAULT_LOCALE = "ar"
    LANGUAGES = ("ar", "en")
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024 + 512 * 1024  # one 10 MB photo plus the form around it
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    DIALOGUES_PER_PAGE = 50

    def __init__(self, instance_path: str) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.fallback_secret_key(instance_path)
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("DATABASE_URL")
            or f"sqlite:///{Path(instance_path, 'hiwar.sqlite3').as_posix()}"
        )
        self.BABEL_DEFAULT_LOCALE = os.environ.get("HIWAR_DEFAULT_LANGUAGE", "ar")
        if self.BABEL_DEFAULT_LOCALE not in self.LANGUAGES:
            raise ValueError("HIWAR_DEFAULT_LANGUAGE must be 'ar' or 'en'")
        self.MAP_TILES = os.environ.get("HIWAR_MAP_TILES", "openstreetmap")
        self.UPLOAD_FOLDER = os.environ.get("HIWAR_UPLOAD_FOLDER") or str(
            Path(instance_path, "uploads")
        )
        self.SMALL_COUNT_THRESHOLD = _int("HIWAR_SMALL_COUNT_THRESHOLD", 5)
        self.SESSION_COOKIE_SECURE = _bool("HIWAR_SECURE_COOKIES", self.ENV_NAME == "production")
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.SMTP_HOST = os.environ.get("HIWAR_SMTP_HOST") or None
        self.SMTP_PORT = _int("HIWAR_SMTP_PORT", 25)
        self.SMTP_USERNAME = os.environ.get("HIWAR_SMTP_USERNAME") or None
        self.SMTP_PASSWORD = os.environ.get("HIWAR_SMTP_PASSWORD") or None
        self.SMTP_STARTTLS = _bool("HIWAR_SMTP_STARTTLS")
        self.MAIL_FROM = os.environ.get("HIWAR_MAIL_FROM", "hiwar@localhost")
        self.BASE_URL = os.environ.get("HIWAR_BASE_URL") or None
        self.INVITATION_MAX_AGE = timedelta(days=_int("HIWAR_INVITATION_DAYS", 7))
        self.PASSWORD_RESET_MAX_AGE = timedelta(hours=_int("HIWAR_PASSWORD_RESET_HOURS", 2))

    def fallback_secret_key(self, instance_path: str) -> str:
        return development_secret_key(instance_path)


class ProductionConfig(Config):
    ENV_NAME = "production"

    def fallback_secret_key(self, instance_path: str) -> str:
        raise MissingSecretKeyError(
            "SECRET_KEY must be set in the environment when HIWAR_ENV=production"
        )


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    WTF_CSRF_ENABLED = False  # tests that prove CSRF switch it back on
    SERVER_NAME = "localhost"

    def __init__(self, instance_path: str) -> None:
        super().__init__(instance_path)
        self.SECRET_KEY = "test-secret-key"  # noqa: S105 - a fixed key keeps test sessions predictable
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("TEST_DATABASE_URL")
            or f"sqlite:///{Path(instance_path, 'test.sqlite3').as_posix()}"
        )
        self.MAP_TILES = "none"


def config_for_environment(instance_path: str) -> Config:
    name = os.environ.get("HIWAR_ENV", "development")
    classes = {"development": Config, "production": ProductionConfig, "test": TestConfig}
    if name not in classes:
        raise ValueError(f"HIWAR_ENV must be one of {', '.join(classes)}")
    return classes[name](instance_path)
