"""Administration: organisations, users, themes, places and the audit log, in the browser."""

from __future__ import annotations

import functools

from flask import Blueprint, abort
from flask_login import current_user, login_required

from app.accounts.permissions import can_manage_users, is_admin

bp = Blueprint("admin", __name__)


def admin_required(view):
    """Admins only; others get 403 (they know the page exists: it is in the code's open source)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)


def user_managers_required(view):
    """Admins, and managers of an organisation for its own staff."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not can_manage_users(current_user):
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)
