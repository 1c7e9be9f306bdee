"""Participant figures as a viewer may see them (NOTES.md §c, statistical disclosure control).

Anonymous visitors and donors get every participant figure through app.dashboards.disclosure:
small counts hidden ("<5"), everything else rounded to a multiple of 5 consistently. The same
rule serves the pages, the map, the exports and the API. Organisations' staff and admins see
exact figures. A figure nobody recorded is "not recorded", never 0.

The threshold is the HIWAR_SMALL_COUNT_THRESHOLD setting; the rounding key HIWAR_DISCLOSURE_KEY
(derived from SECRET_KEY when unset).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.auth.models import Role
from app.dashboards import disclosure
from app.dashboards.disclosure import Records


@dataclass(frozen=True)
class Count:
    """A participant figure as a viewer may see it. `value` is what the viewer may know: exact
    for staff, rounded for the public and donors, None when hidden or not recorded."""

    value: int | None
    small: bool = False  # under the threshold: shown as "<5"
    rounded: bool = False  # rounded to a multiple of 5 (public and donor views)

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def recorded(self) -> bool:
        return self.value is not None or self.small

    def text(self) -> str:
        if self.small:
            return f"<{threshold()}"
        if self.value is None:
            return _("not recorded")
        return format_decimal(self.value)

    def export(self) -> int | None:
        """For CSV and XLSX: a number, or an empty cell (a flag column says why)."""
        return self.value

    def share_of(self, base: Count) -> str:
        if self.value is None or base.value is None or base.value == 0:
            return "–"
        return format_percent(min(self.value / base.value, 1))

    def __str__(self) -> str:
        return self.text()

    def __html__(self) -> str:
        """In a page: "<5" kept left-to-right, or Arabic pages would show it mirrored ("5>")."""
        text = escape(self.text())
        if self.small:
            return Markup('<bdi dir="ltr">%s</bdi>') % text
        if self.value is None:
            return Markup('<span class="text-muted">%s</span>') % text
        return str(text)


def threshold() -> int:
    return int(current_app.config["SMALL_COUNT_THRESHOLD"])


def rounding_secret() -> bytes:
    key = current_app.config.get("DISCLOSURE_KEY")
    if key:
        return str(key).encode()
    return hmac.new(
        str(current_app.config["SECRET_KEY"]).encode(), b"hiwar-disclosure", hashlib.sha256
    ).digest()


def suppresses_for(user: Any) -> bool:
    """Public and donor views are protected; organisations' staff and admins see exact figures."""
    if not getattr(user, "is_authenticated", False):
        return True
    return user.role == Role.DONOR


class Cells:
    """Makes the viewer's Count of a figure: exact, or published through the disclosure rule."""

    def __init__(self, suppressed: bool) -> None:
        self.suppressed = suppressed
        if suppressed:
            self._secret = rounding_secret()
            self._threshold = threshold()

    def __call__(self, value: int | None, records: Records, measure: str) -> Count:
        if value is not None:
            value = int(value)
        if not self.suppressed:
            return Count(value)
        published = disclosure.publish(
            value, records, measure=measure, secret=self._secret, threshold=self._threshold
        )
        return Count(published.value, small=published.hidden, rounded=published.rounded)

    def one(self, value: int | None, dialogue_id: int, measure: str) -> Count:
        """One dialogue's own figure: its only contributing record is itself (when not zero)."""
        records = Records.of([dialogue_id]) if value else Records()
        return self(value, records, measure)
