"""Invitation and password-reset e-mails, through the notifications' SMTP settings and sender."""

from __future__ import annotations

import logging
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask import after_this_request, copy_current_request_context, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts import tokens
from app.core.links import external_url
from app.i18n import babel_locale
from app.notifications.email import SmtpSettings, send

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    return SmtpSettings.from_config(current_app.config) is not None


def link_url(endpoint: str, **values: Any) -> str:
    return external_url(endpoint, **values)


def invitation_url(user: Any) -> str:
    token = tokens.make_link_token(user, tokens.INVITATION)
    return link_url("accounts.accept_invitation", token=token)


def reset_url(user: Any) -> str:
    token = tokens.make_link_token(user, tokens.PASSWORD_RESET)
    return link_url("accounts.reset_password", token=token)


def _language(user: Any) -> str:
    return user.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"]


def _message(user: Any, subject: str, lines: list[str], language: str, sender: str):
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content("\n".join(lines))
    message["Content-Language"] = language
    return message


def _days(purpose: str) -> int:
    return max(1, round(tokens.max_age(purpose).total_seconds() / 86400))


def invitation_days() -> int:
    """How many days an invitation link stays valid, as the inviter is told."""
    return _days(tokens.INVITATION)


def _hours(purpose: str) -> int:
    return max(1, round(tokens.max_age(purpose).total_seconds() / 3600))


def send_invitation(user: Any, inviter: Any, link: str) -> bool:
    """True when the mail server took the message."""
    settings = SmtpSettings.from_config(current_app.config)
    if settings is None:
        return False
    language = _language(user)
    with force_locale(babel_locale(language)):
        organisation = user.organization.name if user.organization else _("Hiwar")
        lines = [
            _("Hello %(name)s,", name=user.name),
            "",
            _(
                "You are invited to Hiwar, with %(organisation)s. "
                "Open this link to choose your password:",
                organisation=organisation,
            ),
            "",
            link,
            "",
            _("The link works once, for %(days)d days.", days=_days(tokens.INVITATION)),
            _("If you did not expect this invitation, you can ignore this message."),
        ]
        subject = _("Your invitation to Hiwar")
    message = _message(user, subject, lines, language, settings.sender)
    return bool(send(settings, [(user.id, message)]))


def send_after_response(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send once the response has gone out: the "forgot password" page then takes as long
    whether or not the address has an account (no timing hint), and a slow mail server
    does not hold the visitor up."""

    @after_this_request
    def _send_on_close(response):
        response.call_on_close(lambda: send(settings, [(0, message)]))
        return response


def after_response(work: Callable[..., Any], *args: Any) -> None:
    """Run `work(*args)` once the response has gone out, in a copy of this request's context
    (its own database session); a failure is logged, never shown to the visitor."""
    run = copy_current_request_context(work)

    def guarded() -> None:
        try:
            run(*args)
        except Exception:  # noqa: BLE001 - the visitor has had the answer; log and move on
            log.exception("work after the response failed")

    @after_this_request
    def _on_close(response):
        response.call_on_close(guarded)
        return response


def send_password_reset(user: Any, link: str, *, now: bool = False) -> bool:
    """Compose now (the user's language); send after the response, or at once with `now` (when
    this already runs after the response)."""
    settings = SmtpSettings.from_config(current_app.config)
    if settings is None:
        return False
    language = _language(user)
    with force_locale(babel_locale(language)):
        lines = [
            _("Hello %(name)s,", name=user.name),
            "",
            _("Someone asked to reset the password of your Hiwar account. To choose a new one:"),
            "",
            link,
            "",
            _("The link works once, for %(hours)d hours.", hours=_hours(tokens.PASSWORD_RESET)),
            _("If it was not you, ignore this message: your password stays as it is."),
        ]
        subject = _("Resetting your Hiwar password")
    message = _message(user, subject, lines, language, settings.sender)
    if now:
        send(settings, [(0, message)])
    else:
        send_after_response(settings, message)
    return True
