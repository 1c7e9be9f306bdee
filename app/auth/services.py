"""Accounts: creating users, signing in, loading the signed-in user."""

from __future__ import annotations

import functools
import logging
import secrets
from datetime import UTC, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_login import login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit import services as audit
from app.auth.models import EndedSession, Role, User
from app.auth.passwords import password_problem
from app.db import utcnow
from app.extensions import db
from app.organizations.models import Organization

security_log = logging.getLogger("hiwar.security")


@functools.cache
def _dummy_hash() -> str:
    """A real hash to check against when the e-mail is unknown, so both failures take as long."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for the user."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def new_session_key() -> str:
    """A signed-in session's key: when it began (seconds), then 128 random bits."""
    return f"{int(utcnow().replace(tzinfo=UTC).timestamp())}.{secrets.token_urlsafe(16)}"


def session_key_expired(key: str) -> bool:
    """Keys older than SESSION_MAX_AGE (or unreadable) no longer sign anyone in."""
    started, _, rest = key.partition(".")
    if not started.isdigit() or not rest or len(key) > 64:
        return True
    age = utcnow().replace(tzinfo=UTC).timestamp() - int(started)
    return age > current_app.config["SESSION_MAX_AGE"].total_seconds()


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader, for the session and the remember-me cookie alike. The id is
    "user:version:key": bumping the user's session version ends all their sessions (password
    change, deactivation, "sign out everywhere"); a signed-out session's key is an EndedSession,
    so a copy of its cookies stops working. One query, as before."""
    user_id, version, *rest = [*session_id.split(":", 2), ""][:3]
    if not user_id.isdigit() or not version.isdigit() or len(user_id) > 18:
        return None
    key = rest[0] or None
    stmt = sa.select(User).where(User.id == int(user_id))
    if key is not None:
        if session_key_expired(key):
            return None
        stmt = stmt.where(~sa.exists().where(EndedSession.key == key))
    user = db.session.scalar(stmt)
    if user is None or not user.active or user.session_version != int(version):
        return None
    user.session_key = key
    return user


def authenticate(email: str, password: str) -> User | None:
    """The same work whatever the outcome: one scrypt check against the account's hash, or
    against a dummy hash for an unknown address or an invited account without a password."""
    user = db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        if user is None:
            security_log.info("login failed: unknown account")
        else:
            security_log.info("login failed: user %s has no password yet", user.id)
        return None
    if not user.check_password(password) or not user.active:
        security_log.info("login failed: user %s", user.id)
        return None
    return user


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign the user in on this device under a new session key (a new session identifier)."""
    user.session_key = new_session_key()
    login_user(user, remember=remember)


def end_session(user: User) -> None:
    """Sign-out: this session's key is ended server-side (its session and remember-me cookies
    stop working wherever they were copied), then the cookies are cleared. A session from before
    session keys existed has none to end: then every session of the user ends."""
    key = user.session_key
    if key:
        db.session.add(EndedSession(key=key, user_id=user.id))
        forget_before = utcnow() - current_app.config["SESSION_MAX_AGE"] - timedelta(days=1)
        db.session.execute(sa.delete(EndedSession).where(EndedSession.ended_at < forget_before))
    else:
        user.session_version = (user.session_version or 1) + 1
    logout_user()


def sign_in(user: User, *, remember: bool = False) -> None:
    start_session(user, remember=remember)
    user.last_login_at = utcnow()
    audit.record("login", user, user=user)
    security_log.info("login succeeded: user %s", user.id)


def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    organization: Organization | None = None,
    preferred_language: str | None = None,
    created_by: User | None = None,
) -> User:
    email = normalize_email(email)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise AccountError("An account with this e-mail address already exists.")
    if role != Role.ADMIN and organization is None:
        raise AccountError("Every user but an admin belongs to an organisation.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user = User(
        email=email,
        name=name,
        role=role,
        organization=organization,
        preferred_language=preferred_language,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "create",
        user,
        user=created_by,
        changes={"email": email, "role": role, "organization_id": user.organization_id},
    )
    return user
