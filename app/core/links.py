"""Absolute links for e-mails."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link, always under HIWAR_BASE_URL (required in production; make run's
    address in development), never under the request's Host header: a forged Host cannot make
    an e-mail point somewhere else. Raises RuntimeError when no base address is configured."""
    base = current_app.config.get("BASE_URL")
    if not base:
        raise RuntimeError("HIWAR_BASE_URL is not set")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
