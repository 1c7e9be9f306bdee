"""Bilingual error pages; no stack trace ever reaches a user."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.api.errors import error_response, is_api_request
from app.extensions import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please check what you sent."),
    ),
    401: (_l("Sign in needed"), _l("Please sign in to continue.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this.")),
    404: (_l("Not found"), _l("This page does not exist, or you may not see it.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("What you sent is too large. Photos may be at most 10 MB.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("We could not finish this. Nothing was saved; please try again."),
    ),
    503: (_l("Unavailable"), _l("Hiwar is unavailable for a moment. Please try again shortly.")),
}

security_log = logging.getLogger("hiwar.security")


def render_error(status: int, detail: str | None = None, error: Exception | None = None):
    if is_api_request():
        return error_response(status, error)
    title, message = MESSAGES.get(status, MESSAGES[500])
    if request_ctx.url_adapter is None:
        # No URL can be built (a Host outside TRUSTED_HOSTS): a page without links.
        return Response(f"{status} {title}", status=status, mimetype="text/plain")
    if request.accept_mimetypes.best == "application/json":
        return {"error": {"code": status, "message": str(detail or message), "fields": {}}}, status
    return (
        render_template("errors/error.html", status=status, title=title, message=detail or message),
        status,
    )


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        security_log.info("CSRF failure on %s", request.path)
        return render_error(
            400,
            _l(
                "This form has expired or was not sent from Hiwar. "
                "Please reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status in (403,):
            security_log.info("permission denied on %s", request.path)
        return render_error(status, error=error)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        return render_error(500)
