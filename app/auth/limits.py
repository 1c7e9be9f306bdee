"""Rate limits on the doors an attacker knocks on: sign-in, "forgot password", and the pages
that set a password from an invitation or a reset link (SECURITY.md; OWASP ASVS 2.2.1).

Each is limited per client address and per account (the e-mail address typed, or the link's
token), so that neither one address trying many accounts nor many addresses trying one account
gets far. Only POSTs count. The limits are settings; their counters live where the API's do
(HIWAR_RATELIMIT_STORAGE_URI: memory by default, Redis when several app servers share them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def address_key() -> str:
    return f"address:{get_remote_address()}"


def email_key() -> str:
    email = (request.form.get("email") or "").strip().casefold()
    return f"account:{hashlib.sha256(email.encode()).hexdigest()}" if email else address_key()


def link_key() -> str:
    """The link's token stands for the account it was made for."""
    token = (request.view_args or {}).get("token", "")
    return f"link:{hashlib.sha256(token.encode()).hexdigest()}"


# endpoint: (setting per address, setting per account, how the account is known)
DOORS: dict[str, tuple[str, str, Callable[[], str]]] = {
    "auth.login": ("LOGIN_RATELIMIT_ADDRESS", "LOGIN_RATELIMIT_ACCOUNT", email_key),
    "accounts.forgot_password": ("RESET_RATELIMIT_ADDRESS", "RESET_RATELIMIT_ACCOUNT", email_key),
    "accounts.reset_password": ("LINK_RATELIMIT_ADDRESS", "LINK_RATELIMIT_ACCOUNT", link_key),
    "accounts.accept_invitation": ("LINK_RATELIMIT_ADDRESS", "LINK_RATELIMIT_ACCOUNT", link_key),
}


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def limit_doors(app: Flask, limiter: Limiter) -> None:
    """Wrap the registered views in their limits (Flask-Limiter finds a view's limits by the
    view function's name, which the wrappers keep)."""
    for endpoint, (per_address, per_account, account_key) in DOORS.items():
        view = app.view_functions[endpoint]
        view = limiter.limit(
            _setting(per_address), key_func=address_key, methods=["POST"], scope="address"
        )(view)
        view = limiter.limit(
            _setting(per_account), key_func=account_key, methods=["POST"], scope="account"
        )(view)
        app.view_functions[endpoint] = view
