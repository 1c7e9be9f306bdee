"""Accounts: creating users, signing in, loading the signed-in user."""

from __future__ import annotations

import functools
import logging
import secrets

import sqlalchemy as sa
from flask_login import login_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit import services as audit
from app.auth.models import Role, User
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


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version, so bumping it signs out."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        security_log.info("login failed: unknown account")
        return None
    if not user.check_password(password) or not user.active:
        security_log.info("login failed: user %s", user.id)
        return None
    return user


def sign_in(user: User, *, remember: bool = False) -> None:
    login_user(user, remember=remember)
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
