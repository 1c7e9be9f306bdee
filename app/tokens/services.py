"""Creating, revoking and checking API tokens. Services flush, the request handler commits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.audit import services as audit
from app.db import utcnow
from app.extensions import db
from app.tokens.models import ApiToken, TokenScope

TOKEN_PREFIX = "hiwar_"  # noqa: S105 - marks a string as a Hiwar token (secret scanners)
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    user: Any, *, name: str, scope: TokenScope, expires_on: date | None
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored and cannot be shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        scope=scope,
        # A token that expires on a day works until the end of that day (UTC).
        expires_at=datetime.combine(expires_on + timedelta(days=1), time()) if expires_on else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "create",
        token,
        user=user,
        changes={"name": name, "scope": scope, "expires_at": token.expires_at},
    )
    return token, secret


def revoke_token(token: ApiToken, *, user: Any) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("revoke", token, user=user, changes={"name": token.name})


def tokens_of(user: Any) -> list[ApiToken]:
    stmt = (
        sa.select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(stmt))


def usable_tokens(user: Any) -> list[ApiToken]:
    """The user's tokens that still work (neither revoked nor expired), last used first."""
    stmt = (
        sa.select(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()),
        )
        .order_by(ApiToken.last_used_at.desc().nulls_last(), ApiToken.id.desc())
    )
    return list(db.session.scalars(stmt))


def revoke_all(user: Any) -> int:
    """Revoke every token of the user that still works; how many."""
    tokens = usable_tokens(user)
    for token in tokens:
        revoke_token(token, user=user)
    return len(tokens)


def token_of(user: Any, token_id: int) -> ApiToken | None:
    """One of the user's own tokens; None for anybody else's."""
    stmt = sa.select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    return db.session.scalars(stmt).first()


def authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret (its user loaded with it), or None. One query."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    stmt = (
        sa.select(ApiToken)
        .where(ApiToken.token_hash == hash_token(secret))
        .options(so.joinedload(ApiToken.user))
    )
    token = db.session.scalars(stmt).first()
    now = utcnow()
    if token is None or not token.is_usable(now):
        return None
    return token


def touch(token: ApiToken) -> bool:
    """Record when a token was last used, at most every few minutes (one UPDATE, which the
    caller commits); whether it did."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return True
