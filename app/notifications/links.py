"""Where a notification leads, and who it names."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _


def outcome_target(outcome: Any) -> tuple[str, dict[str, int]]:
    """The outcome's own page once it exists; until then, its dialogue's page."""
    if "outcomes.detail" in current_app.view_functions:
        return "outcomes.detail", {"outcome_id": outcome.id}
    return "dialogues.detail", {"dialogue_id": outcome.dialogue_id}


def outcome_url(outcome: Any, *, external: bool = False) -> str:
    """A path for pages; an absolute URL for e-mail, from the request or from HIWAR_BASE_URL."""
    endpoint, values = outcome_target(outcome)
    if not external or has_request_context():
        return url_for(endpoint, _external=external, **values)
    base = current_app.config.get("BASE_URL")
    if base:
        parts = urlsplit(base)
        adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
        )
        return adapter.build(endpoint, values, force_external=True)
    try:  # SERVER_NAME is configured
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return ""


def actor_name(actor: Any) -> str:
    """Who did it, as the recipient should see it: an organisation, never an e-mail address."""
    if actor is None:
        return ""
    if actor.organization is not None:
        return actor.organization.name
    return _("Hiwar administrators")
