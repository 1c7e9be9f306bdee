"""Small numbers in public and donor views (NOTES.md §c, statistical disclosure control).

A breakdown is a set of participant counts that add up to a total that is shown (women, men and
"not recorded" under a dialogue's participants; the cities of a governorate; ...). In it:

- a count from 1 to threshold - 1 is *small*: it shows as "<5" (primary suppression);
- when exactly one count is small, the smallest other non-zero count is *hidden* as well
  (secondary suppression), so that the total minus the shown counts gives back no small count;
- zero is shown: it is nobody, and "<5" in its place would say people were there.

Anonymous visitors and donors get suppressed figures; organisations' staff and admins see exact
ones. The threshold is the HIWAR_SMALL_COUNT_THRESHOLD setting.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app
from flask_babel import format_decimal, format_percent
from markupsafe import Markup, escape

from app.auth.models import Role

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Count:
    """A participant count as a viewer may see it."""

    value: int
    small: bool = False  # below the threshold: shown as "<5"
    hidden: bool = False  # shown as "–" so that a small count cannot be worked out

    @property
    def shown(self) -> bool:
        return not (self.small or self.hidden)

    def text(self) -> str:
        if self.small:
            return f"<{threshold()}"
        if self.hidden:
            return "–"
        return format_decimal(self.value)

    def export(self) -> int | str:
        """For CSV and XLSX: the number, or the same mark the page shows."""
        return self.value if self.shown else self.text()

    def share_of(self, total: Count) -> str:
        if not (self.shown and total.shown) or total.value == 0:
            return "–"
        return format_percent(self.value / total.value)

    def __str__(self) -> str:
        return self.text()

    def __html__(self) -> str:
        """In a page: "<5" kept left-to-right, or Arabic pages would show it mirrored ("5>")."""
        text = escape(self.text())
        return Markup('<bdi dir="ltr">%s</bdi>') % text if self.small else str(text)


def threshold() -> int:
    return int(current_app.config["SMALL_COUNT_THRESHOLD"])


def suppresses_for(user: Any) -> bool:
    """Public and donor views are suppressed; organisations' staff and admins are not."""
    if not getattr(user, "is_authenticated", False):
        return True
    return user.role == Role.DONOR


def exact(counts: Mapping[K, int]) -> dict[K, Count]:
    return {key: Count(int(value)) for key, value in counts.items()}


def suppress(counts: Mapping[K, int], *, limit: int | None = None) -> dict[K, Count]:
    """Primary and secondary suppression within one breakdown (see the module's docstring)."""
    limit = threshold() if limit is None else limit
    small = {key for key, value in counts.items() if 0 < value < limit}
    hidden: set[K] = set()
    if len(small) == 1:
        others = [(value, str(key), key) for key, value in counts.items() if key not in small]
        others = [item for item in others if item[0] > 0]
        if others:
            hidden.add(min(others)[2])
    return {
        key: Count(int(value), small=key in small, hidden=key in hidden)
        for key, value in counts.items()
    }


def total(value: int, *, suppressed: bool, limit: int | None = None) -> Count:
    """A breakdown's own total: small like any other count."""
    limit = threshold() if limit is None else limit
    return Count(int(value), small=suppressed and 0 < value < limit)


def breakdown(
    counts: Mapping[K, int], grand_total: int, *, suppressed: bool, rest: K
) -> tuple[Count, dict[K, Count]]:
    """The total and its parts, the part not accounted for (`rest`) included as a cell of its own,
    since the total minus the parts would otherwise give it back. Under a small total every
    part is hidden."""
    cells = dict(counts)
    cells[rest] = max(grand_total - sum(counts.values()), 0)
    if not suppressed:
        return Count(int(grand_total)), exact(cells)
    whole = total(grand_total, suppressed=True)
    if whole.small:
        return whole, {key: Count(int(value), hidden=value > 0) for key, value in cells.items()}
    return whole, suppress(cells)
