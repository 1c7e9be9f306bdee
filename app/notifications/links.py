"""Where a notification leads, and who it names."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _

from app.core.links import external_url


def outcome_target(outcome: Any) -> tuple[str, dict[str, int]]:
    """The outcome's own page once it exists; until then, its dialogue's page."""
    if "outcomes.detail" in current_app.view_functions:
        return "outcomes.detail", {"outcome_id": outcome.id}
    return "dialogues.detail", {"dialogue_id": outcome.dialogue_id}


def outcome_url(outcome: Any, *, external: bool = False) -> str:
    """A path for pages; an absolute URL for e-mail (HIWAR_BASE_URL first), or "" when there is
    no address to build one from."""
    endpoint, values = outcome_target(outcome)
    if not external:
        return url_for(endpoint, **values)
    try:
        return external_url(endpoint, **values)
    except RuntimeError:
        return ""


def actor_name(actor: Any) -> str:
    """Who did it, as the recipient should see it: an organisation, never an e-mail address."""
    if actor is None:
        return ""
    if actor.organization is not None:
        return actor.organization.name
    return _("Hiwar administrators")
