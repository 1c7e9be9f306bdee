"""Who is asking: the owner of a Bearer token, or nobody. Session cookies are ignored on the
API (SECURITY.md, V13), so no other site can drive it with a visitor's session."""

from __future__ import annotations

import logging
from typing import Any

from flask import g, request
from flask_babel import lazy_gettext as _l

from app.api.errors import ApiError
from app.extensions import db, login_manager
from app.tokens import services as tokens
from app.tokens.models import ApiToken

security_log = logging.getLogger("hiwar.security")
_UNSET = object()
_CACHE = "hiwar.api_token"


def presented_secret() -> str | None:
    """The Bearer secret of the request; "" when an Authorization header is there but is not
    a Bearer token."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return value.strip()


def current_token() -> ApiToken | None:
    """The request's usable token, looked up once per request (the rate limiter asks first)."""
    token = request.environ.get(_CACHE, _UNSET)
    if token is _UNSET:
        secret = presented_secret()
        token = tokens.authenticate(secret) if secret else None
        request.environ[_CACHE] = token
    return token


def authenticate_request() -> None:
    """Make the token's user the request's user, or refuse a token that does not work."""
    token = current_token()
    if token is None and presented_secret() is not None:
        security_log.info("API token refused on %s", request.path)  # never the token itself
        raise ApiError(401, _l("This token is not valid: it may be mistyped, expired or revoked."))
    # Flask-Login's current_user for this request; the session is never consulted.
    g._login_user = token.user if token else login_manager.anonymous_user()
    if token is not None and tokens.touch(token):
        db.session.commit()


def api_user() -> Any:
    return g._login_user


def require_write_token() -> ApiToken:
    """Writes need a read-write token; the user's own permissions are checked after this."""
    token = current_token()
    if token is None:
        raise ApiError(401)
    if not token.can_write:
        raise ApiError(403, _l("This token is read-only; create a read-write token to write."))
    return token
