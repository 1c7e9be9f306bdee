"""Security headers on every response (SECURITY.md; OWASP ASVS 14.4).

The Content-Security-Policy allows scripts from this site and inline scripts that carry the
request's nonce (the map's folium script; templates write `nonce="{{ csp_nonce() }}"`), never
'unsafe-inline' or 'unsafe-eval' for scripts. Styles keep 'unsafe-inline': folium and Leaflet
set inline styles on the map's elements. Images may come from the tile server when tiles are on.
"""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

# The only other host a page may use: the map's tiles, when the setting turns them on.
TILE_HOSTS = {"openstreetmap": "https://tile.openstreetmap.org"}
_SCRIPT_TAG = re.compile(r"<script(?![^>]*\bnonce=)")


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def with_nonce(html: str) -> Markup:
    """Give every <script> tag of trusted generated HTML (folium's) the request's nonce."""
    return Markup(_SCRIPT_TAG.sub(f'<script nonce="{csp_nonce()}"', str(html)))  # noqa: S704


def content_security_policy() -> str:
    images = ["'self'", "data:"]
    tiles = TILE_HOSTS.get(current_app.config.get("MAP_TILES", "none"))
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{csp_nonce()}'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")  # for browsers without frame-ancestors
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    )
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html" and _signed_in():
        # A signed-in page shows what only this user may see: no shared or stored copy of it.
        response.cache_control.private = True
        response.cache_control.no_store = True
        response.cache_control.public = False
        response.cache_control.max_age = None
    return response


def _signed_in() -> bool:
    from flask_login import current_user

    return bool(getattr(current_user, "is_authenticated", False))


def register(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["with_nonce"] = with_nonce
