"""Statistical disclosure control for participant figures shown to the public and to donors:
consistent random rounding to base 5, with small cells hidden (NOTES.md §c, rule 2).

A *cell* is one published participant figure (a dialogue's women, a city's total over a period,
a governorate's youth, ...). Its *contributing records* are the dialogues that put at least one
person into it. For each cell:

- 0 is published as 0 (nobody), and a figure nobody recorded stays "not recorded";
- 1 to threshold - 1 is *hidden* ("<5"): it is never published, not even rounded;
- anything larger is rounded to a multiple of 5, down or up, with a probability of rounding up
  that grows with the remainder (7 becomes 5 six times in ten and 10 four times in ten), so the
  rounding is unbiased. The coin is not tossed afresh: it is a keyed hash (HMAC-SHA256 with a
  secret key) of the figure's measure and of its contributing records (their number and the sum of
  their ids, which SQL computes in the same GROUP BY as the figure). The same set of records
  therefore always gets the same published value, wherever and however often it is asked for
  (the cell-key idea of the Australian Bureau of Statistics and the UK's ONS), so asking again
  averages nothing out, and a city's one dialogue shows the same figure on the city's page as in
  the export's row.

Every published figure is a multiple of 5, so any sum or difference of published figures is a
multiple of 5 too: subtracting published figures from each other (a city's total minus the other
rows of an export; one period minus an overlapping one; a city's women minus its dialogues'
women) can never give back a hidden count of 1 to 4. Totals are rounded on their own, so parts
need not add up to them.

This module is pure (no Flask, no database): app.dashboards.suppression applies it for a viewer.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

BASE = 5
_SCALE = float(2**64)


@dataclass(frozen=True)
class Records:
    """The contributing records of a cell, as SQL can aggregate them: how many, and their ids'
    sum. Cells of disjoint sets combine by adding both numbers (a governorate from its cities)."""

    count: int = 0
    id_sum: int = 0

    def __add__(self, other: Records) -> Records:
        return Records(self.count + other.count, self.id_sum + other.id_sum)

    @classmethod
    def of(cls, ids: list[int] | tuple[int, ...]) -> Records:
        return cls(len(ids), sum(ids))


@dataclass(frozen=True)
class Published:
    """What a public or donor viewer gets for a cell."""

    value: int | None  # None: hidden, or not recorded
    hidden: bool = False  # 1 to threshold - 1: shown as "<5"
    rounded: bool = False  # rounded to a multiple of BASE


def unit(secret: bytes, measure: str, records: Records) -> float:
    """The cell's fixed random number in [0, 1)."""
    message = f"{measure}|{records.count}|{records.id_sum}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def round_to_base(value: int, coin: float, base: int = BASE) -> int:
    """Unbiased random rounding of a non-negative integer to a multiple of base."""
    remainder = value % base
    down = value - remainder
    return down + base if coin < remainder / base else down


def publish(
    value: int | None,
    records: Records,
    *,
    measure: str,
    secret: bytes,
    threshold: int,
    base: int = BASE,
) -> Published:
    """The published form of one cell (see the module's docstring)."""
    if value is None:
        return Published(None)
    if value <= 0:
        return Published(0)
    if value < threshold:
        return Published(None, hidden=True)
    rounded = round_to_base(value, unit(secret, measure, records), base)
    return Published(max(rounded, base), rounded=True)
