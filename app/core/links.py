"""Absolute links for e-mails."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link. HIWAR_BASE_URL wins over the request's Host header, so that a forged
    Host cannot make an e-mail point somewhere else; without it, the request's (or
    SERVER_NAME's) address. Raises RuntimeError outside a request without either."""
    base = current_app.config.get("BASE_URL")
    if base:
        parts = urlsplit(base)
        adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
        )
        return adapter.build(endpoint, values, force_external=True)
    return url_for(endpoint, _external=True, **values)
