"""The cache of the map's and the dashboards' figures.

A cached value is the result of one computation (`indicators.overview`, `place_indicators`,
`city_aggregates`, a points response), never a rendered page: the page around it (the viewer's
name, forms, CSRF token, CSP nonce) is rendered for each request. Its key is made of:

- the **audience**: "public" for visitors, "admin" for every admin, and (role, organisation id)
  for everyone else. The visibility rule (app.dialogues.visibility) reads nothing else of a
  viewer: the public sees public dialogues; a signed-in viewer adds what their organisation
  organised or is linked to, and a donor adds donor-level dialogues; admins see everything.
  Suppression and disclosure control depend on the role alone. Two viewers with the same audience
  therefore may see exactly the same figures, and no key lets one audience read another's;
- the computation's name and its arguments (filters, place), the language (names are localised
  in the results), today's date (periods and trends are relative to it) and the small-count
  threshold;
- the data version (app.caching.versions), read in the request's own snapshot.

The store is Flask-Caching: Redis when HIWAR_CACHE_REDIS_URL is set (shared by every app server),
a local in-process cache otherwise; HIWAR_CACHE=0 switches it off. A cache that fails (Redis
down) is logged and the figures are computed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import current_app, g, has_request_context
from flask_babel import get_locale

from app.auth.models import Role
from app.caching.versions import current_version
from app.extensions import cache, db

T = TypeVar("T")
log = logging.getLogger(__name__)
_MISSING = object()


def audience(user: Any) -> str:
    """Who the figures are for, as far as the visibility rule and suppression can tell."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "public"
    if user.role == Role.ADMIN:
        return "admin"
    return f"{Role(user.role).value}:{user.organization_id}"


def enabled() -> bool:
    return bool(current_app.config.get("FIGURE_CACHE", True))


def data_version() -> int | None:
    """The data version in this request's snapshot, read once per request."""
    if has_request_context():
        if "hiwar_data_version" not in g:
            g.hiwar_data_version = current_version(db.session)
        return g.hiwar_data_version
    return current_version(db.session)


def key_for(name: str, user: Any, *parts: Any, version: int | None = None) -> str | None:
    """The cache key of a computation for this viewer, or None when nothing may be cached."""
    version = data_version() if version is None else version
    if version is None:
        return None
    material = repr(
        (
            name,
            audience(user),
            str(get_locale()),
            date.today().isoformat(),
            current_app.config.get("SMALL_COUNT_THRESHOLD"),
            _rounding_key_fingerprint(),
            version,
            parts,
        )
    )
    return f"fig:{name}:{hashlib.sha256(material.encode()).hexdigest()}"


def _rounding_key_fingerprint() -> str:
    """Public figures are rounded with a secret (app.dashboards.disclosure): a new secret makes
    new figures, so cached ones under the old secret must not be read again."""
    from app.dashboards.suppression import rounding_secret

    return hashlib.sha256(rounding_secret()).hexdigest()[:16]


def cached(name: str, user: Any, compute: Callable[[], T], *parts: Any) -> T:
    """compute() through the cache; `parts` must say everything compute() depends on besides the
    viewer's audience, the language, the date and the data."""
    if not enabled():
        return compute()
    key = key_for(name, user, *parts)
    if key is None:
        return compute()
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that fails is no cache
        log.warning("figure cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value)
    except Exception:  # noqa: BLE001
        log.warning("figure cache: %s not stored", name, exc_info=True)
    return value
