"""The demo, loaded for a test; password hashing memoised because the four logins share one."""

from __future__ import annotations

import functools

import pytest
from werkzeug.security import generate_password_hash

from app.demo.loader import load_demo


@functools.cache
def _memoised_hash(password: str, method: str = "scrypt") -> str:
    return generate_password_hash(password, method=method)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """scrypt is slow on purpose; the hash stays real, so signing in is still tested for real."""
    monkeypatch.setattr("app.auth.models.generate_password_hash", _memoised_hash)


@pytest.fixture
def demo(db):
    report = load_demo()
    db.session.commit()
    return report
