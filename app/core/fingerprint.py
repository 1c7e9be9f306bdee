"""Fingerprinted asset URLs and long-lived caching (issue 18).

Every `url_for('static', ...)` and `url_for('core.vendor', ...)` gets `?v=<first 12 hex digits of
the file's SHA-256>`. A request whose `v` is the file's current fingerprint is answered with
`Cache-Control: public, max-age=<a year>, immutable`: the browser keeps it until the file
changes, and then the pages name a new URL. A request without `v` (or with an old one) keeps the
ordinary, short caching. Compression (Flask-Compress, br or gzip) applies to these files as to
the pages.
"""

from __future__ import annotations

import hashlib
import os
import threading

from flask import Flask, request
from werkzeug.security import safe_join

from app.core.assets import VENDOR_PACKAGES

A_YEAR = 365 * 24 * 3600
ASSET_ENDPOINTS = ("static", "core.vendor")
_digests: dict[str, tuple[tuple[int, int], str]] = {}
_lock = threading.Lock()


def fingerprint(path: str | None) -> str | None:
    """The file's fingerprint, recomputed only when its size or modification time changes."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _digests.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:12]
    with _lock:
        _digests[path] = (stamp, digest)
    return digest


def _asset_path(app: Flask, endpoint: str, values: dict) -> str | None:
    filename = values.get("filename")
    if not filename:
        return None
    if endpoint == "static":
        root = app.static_folder
    else:
        package = VENDOR_PACKAGES.get(values.get("package"))
        root = str(package) if package is not None else None
    return safe_join(root, filename) if root else None


def register(app: Flask) -> None:
    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint in ASSET_ENDPOINTS and "v" not in values:
            digest = fingerprint(_asset_path(app, endpoint, values))
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_fingerprinted(response):
        if request.endpoint not in ASSET_ENDPOINTS or response.status_code not in (200, 304):
            return response
        if response.status_code == 200 and response.is_streamed:
            # A file is sent as one body, so that Flask-Compress (which runs after this) gives it
            # a Content-Length rather than a chunked stream. Our assets are small.
            response.direct_passthrough = False
            response.set_data(response.get_data())
        asked = request.args.get("v")
        if asked and asked == fingerprint(
            _asset_path(app, request.endpoint, dict(request.view_args or {}))
        ):
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response
