"""The API's one error shape: {"error": {"code", "message", "fields"}}, in the language of
Accept-Language."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

CODES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: (
        "unauthorized",
        _l("This needs a valid API token, sent as an Authorization: Bearer header."),
    ),
    403: ("forbidden", _l("Your token does not allow this.")),
    404: ("not_found", _l("Not found, or you may not see it.")),
    405: ("method_not_allowed", _l("This address does not accept that method.")),
    409: ("conflict", _l("The record changed or does not allow this step now.")),
    413: ("too_large", _l("What you sent is too large.")),
    415: ("unsupported_media_type", _l("Send a JSON object with Content-Type: application/json.")),
    422: ("invalid", _l("Some values are not valid; see fields.")),
    429: ("rate_limited", _l("Too many requests. Wait for the time in Retry-After, then retry.")),
    500: ("server_error", _l("Something went wrong on our side. Nothing was saved.")),
    503: ("unavailable", _l("Hiwar is unavailable for a moment. Please try again shortly.")),
}


def is_api_request() -> bool:
    """JSON endpoints of the API (its documentation page is an ordinary page)."""
    return request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs")


class ApiError(HTTPException):
    """An error with a message and field errors of our own."""

    def __init__(
        self, status: int, message: Any = None, fields: dict[str, list[Any]] | None = None
    ) -> None:
        super().__init__()
        self.code = status
        self.api_message = message
        self.api_fields = fields or {}


def error_response(status: int, error: Exception | None = None):
    code, default_message = CODES.get(status, CODES[500] if status >= 500 else CODES[400])
    message = getattr(error, "api_message", None) or default_message
    fields = getattr(error, "api_fields", None) or {}
    body = {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {name: [str(m) for m in messages] for name, messages in fields.items()},
        }
    }
    response = jsonify(body)
    response.status_code = status
    if isinstance(error, HTTPException) and error.code == status:
        # Keep what the exception says about the protocol (Allow on 405, Retry-After, ...).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hiwar"'
    return response
