"""Signed, expiring, single-use links for invitations and password resets, without a table.

A token is the user's id and a fingerprint of the account, signed with SECRET_KEY under a salt
of its own per purpose (an invitation cannot be used as a reset link, nor the other way round).
The fingerprint covers the password hash, the session version and the active flag: setting a
password, sending a newer link (which bumps the session version) or deactivating the account
all change it, so a used or superseded link is refused without any record of issued tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.auth.models import User
from app.extensions import db

INVITATION = "hiwar.invitation"
PASSWORD_RESET = "hiwar.password-reset"  # noqa: S105 - a salt name, not a secret

DEFAULT_MAX_AGE = {
    INVITATION: timedelta(days=7),
    PASSWORD_RESET: timedelta(hours=2),
}
SETTING = {INVITATION: "INVITATION_MAX_AGE", PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE"}

security_log = logging.getLogger("hiwar.security")


class LinkError(ValueError):
    """A link that cannot be used; the message is for the person who opened it."""


def max_age(purpose: str) -> timedelta:
    return current_app.config.get(SETTING[purpose]) or DEFAULT_MAX_AGE[purpose]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def fingerprint(user: User) -> str:
    material = f"{user.id}:{user.password_hash or ''}:{user.session_version}:{int(user.active)}"
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()[:20]


def make_link_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": fingerprint(user)})


def read_link_token(token: str, purpose: str) -> User:
    """The user the link was made for, or LinkError saying why it cannot be used."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age(purpose).total_seconds()))
    except SignatureExpired as error:
        security_log.info("%s link refused: expired", purpose)
        raise LinkError(expired_message(purpose)) from error
    except BadSignature as error:
        security_log.info("%s link refused: bad signature", purpose)
        raise LinkError(_l("This link is not valid. Check that you copied all of it.")) from error
    user_id = data.get("u") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active:
        raise LinkError(_l("This link is not valid. Check that you copied all of it."))
    if not hmac.compare_digest(str(data.get("f", "")), fingerprint(user)):
        security_log.info("%s link refused: used or replaced (user %s)", purpose, user.id)
        raise LinkError(used_message(purpose))
    return user


def expired_message(purpose: str):
    if purpose == INVITATION:
        return _l("This invitation has expired. Ask the person who invited you to send a new one.")
    return _l("This link has expired. Ask for a new one from the sign-in page.")


def used_message(purpose: str):
    if purpose == INVITATION:
        return _l(
            "This invitation has already been used or replaced by a newer one. "
            "Sign in, or ask for a new invitation."
        )
    return _l("This link has already been used or replaced by a newer one. Ask for a new one.")
