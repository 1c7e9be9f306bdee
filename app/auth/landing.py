"""Where each role lands after signing in: where its work is."""

from __future__ import annotations

from flask import url_for

from app.auth.models import Role


def landing_url(user) -> str:
    """Partners: their outcome queue; organisers: what needs attention; donors: the overview."""
    if user.role == Role.PARTNER and user.organization_id:
        return url_for("outcome_lists.queue")
    if user.role == Role.ORGANIZER and user.organization_id:
        return url_for("outcome_lists.attention")
    if user.role == Role.DONOR:
        return url_for("dashboards.overview")
    return url_for("core.home")
