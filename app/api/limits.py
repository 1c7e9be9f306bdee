"""Rate limits: per token for requests with a valid token, per address for everything else
(anonymous requests and refused tokens). The limits are settings, read on each request."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from app.api.auth import current_token


def rate_limit_key() -> str:
    token = current_token()
    if token is not None:
        return f"token:{token.id}"
    return f"address:{get_remote_address()}"


def rate_limit() -> str:
    key = "API_RATELIMIT_TOKEN" if current_token() is not None else "API_RATELIMIT_ADDRESS"
    return current_app.config[key]


def limit_blueprint(app: Flask, blueprint: Blueprint) -> Limiter:
    """A limiter of the app's own (its storage is the app's RATELIMIT_STORAGE_URI) on the
    blueprint alone; nothing else is limited."""
    limiter = Limiter(key_func=rate_limit_key)
    limiter.limit(rate_limit, key_func=rate_limit_key)(blueprint)
    limiter.init_app(app)
    # Flask-Limiter keeps only weak references to its limiter in the wrapped views, and keeps
    # none at all in app.extensions when HIWAR_RATELIMIT_ENABLED=0: hold it here, or it is
    # collected and the sign-in page's wrapper fails (ReferenceError) on its first request.
    app.extensions["hiwar.limiter"] = limiter
    return limiter


def limiter_of(app: Flask) -> Limiter:
    return app.extensions["hiwar.limiter"]
