"""Dates in Arabic and English reports, resolved against the publication date.

dateparser does not read Levantine month names (كانون الثاني، تشرين الأول) nor ordinal day words
(الرابع عشر): DESIGN.md. The rules below read those, Egyptian month names, English dates, numeric
dates, weekdays and اليوم/أمس; each match is a candidate with its place in the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.search.normalize import normalize

_LEVANT = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}  # fmt: skip
_EGYPT = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
_ENGLISH = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
MONTHS = {normalize(k): v for k, v in {**_LEVANT, **_EGYPT}.items()} | _ENGLISH

_ORDINAL_UNITS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
    "السابع": 7, "الثامن": 8, "التاسع": 9,
}  # fmt: skip
ORDINALS: dict[str, int] = {**_ORDINAL_UNITS, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _word, _n in _ORDINAL_UNITS.items():
    if _n <= 9 and _word != "الاول":
        ORDINALS[f"{_word} عشر"] = 10 + _n
        ORDINALS[f"{_word} والعشرين"] = 20 + _n
ORDINALS["الحادي والثلاثين"] = 31

WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
    "الاحد": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_M = _alternation(MONTHS)
_O = _alternation(ORDINALS)
_W = _alternation(WEEKDAYS)
_YEAR = r"(?:\s*(?:,|عام|سنه|من عام)?\s*(?P<y>\d{4}))?"
_PATTERNS = [
    ("ordinal", re.compile(
        rf"(?<!\w)(?P<o>{_O})\s+من\s+(?:شهر\s+)?(?P<m>{_M})(?!\w)(?:\s+(?P<rel>الماضي|الجاري|الحالي|المقبل))?{_YEAR}"
    )),
    ("day_month", re.compile(
        rf"(?<![\d/.\-])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:من\s+)?(?:شهر\s+)?(?:of\s+)?(?P<m>{_M})(?!\w)(?:\s+(?P<rel>الماضي|الجاري|الحالي|المقبل))?{_YEAR}"
    )),
    ("month_day", re.compile(
        rf"(?<!\w)(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d){_YEAR}"
    )),
    ("ymd", re.compile(r"(?<![\d/])(?P<y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?![\d/])")),
    ("dmy", re.compile(r"(?<![\d/])(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})(?![\d/])")),
    ("relative", re.compile(r"(?<!\w)(?P<r>اليوم|امس الاول|امس|today|yesterday)(?!\w)")),
    ("weekday", re.compile(rf"(?<!\w)(?P<w>{_W})(?!\w)(?:\s+(?P<rel>الماضي|المقبل|last|next))?")),
]  # fmt: skip


@dataclass
class DateCandidate:
    value: date
    kind: str
    start: int
    end: int


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, rel: str | None, base: date) -> date | None:
    if year:
        return _safe(int(year), month, day)
    value = _safe(base.year, month, day)
    if value is None:
        return None
    if rel == "المقبل":
        return value if value >= base else _safe(base.year + 1, month, day)
    # A report tells what happened: an undated month is the latest one not after publication.
    return value if value <= base else _safe(base.year - 1, month, day)


def find_dates(norm_text: str, base: date) -> list[DateCandidate]:
    """Every date in a normalised sentence, resolved against the publication date `base`."""
    text = norm_text.lower()
    found: list[DateCandidate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            value = _resolve(kind, match, base)
            if value is None:
                continue
            if kind == "weekday" and _explicit_date_follows(text, match.end(), taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(DateCandidate(value, kind, match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)


def _explicit_date_follows(text: str, end: int, taken: list[tuple[int, int]]) -> bool:
    """ "الخميس 12 تشرين الثاني": the weekday goes with the date after it."""
    return any(0 <= s - end <= 4 for s, _ in taken)


def _resolve(kind: str, match: re.Match, base: date) -> date | None:
    groups = match.groupdict()
    if kind == "ordinal":
        return _with_year(
            MONTHS[groups["m"]], ORDINALS[groups["o"]], groups["y"], groups["rel"], base
        )
    if kind in ("day_month", "month_day"):
        return _with_year(
            MONTHS[groups["m"]], int(groups["d"]), groups["y"], groups.get("rel"), base
        )
    if kind in ("ymd", "dmy"):
        return _safe(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if kind == "relative":
        back = {"اليوم": 0, "today": 0, "امس": 1, "yesterday": 1, "امس الاول": 2}[groups["r"]]
        return base - timedelta(days=back)
    if kind == "weekday":
        weekday = WEEKDAYS[groups["w"]]
        if groups["rel"] in ("المقبل", "next"):
            return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
        # "on Tuesday" in a report: the latest Tuesday up to the day it was published.
        return base - timedelta(days=(base.weekday() - weekday) % 7)
    return None  # pragma: no cover
