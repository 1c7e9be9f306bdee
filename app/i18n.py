"""Language choice and bilingual field helpers."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton
from flask import current_app, has_request_context, request, session
from flask_babel import format_time, get_locale, to_user_timezone
from flask_login import current_user

RTL_LANGUAGES = frozenset({"ar"})
# The formatting locale of each language: Arabic as Syrians write it (Babel's ar_SY gives the
# Levantine month names, كانون الثاني، شباط …; plain "ar" gives the Egyptian يناير، فبراير …).
# Translations are looked up as ar_SY, then ar, so the catalogue stays under "ar".
FORMAT_LOCALES = {"ar": "ar_SY"}


def babel_locale(language: str) -> str:
    """The locale to format and translate in for a language code ("ar" -> "ar_SY")."""
    return FORMAT_LOCALES.get(language, language)


def select_locale() -> str:
    """The user's saved choice, then the session, then the browser, then the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line: terminals render Arabic poorly
        return "en"
    return babel_locale(_chosen_language(languages))


def _chosen_language(languages) -> str:
    if request.path.startswith("/api/") and not request.path.startswith("/api/v1/docs"):
        # The API has no session and no saved choice to consult: Accept-Language alone.
        best = request.accept_languages.best_match(languages)
        return best or current_app.config["BABEL_DEFAULT_LOCALE"]
    saved = getattr(current_user, "preferred_language", None)
    if saved in languages:
        return saved
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "ar"


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def localized(arabic: str | None, english: str | None) -> str:
    """Pick the viewer's language and fall back to the other one, never to nothing."""
    first, second = (arabic, english) if current_language() == "ar" else (english, arabic)
    return first or second or ""


class BilingualName:
    """For models with name_ar and name_en columns."""

    name_ar: str | None
    name_en: str | None

    @property
    def name(self) -> str:
        return localized(self.name_ar, self.name_en)


# One date style throughout: "5 Jan 2026" / "5 كانون الثاني 2026"; times to the minute.
def format_day(value: date | datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return format_skeleton("yMMMd", value, locale=get_locale())


def format_month(value: date | None) -> str:
    return format_skeleton("yMMM", value, locale=get_locale()) if value else ""


def format_moment(value: datetime | None) -> str:
    """A date and a time without seconds, in the viewer's language and time zone."""
    if not value:
        return ""
    separator = _TIME_SEPARATOR.get(current_language(), ", ")
    return f"{format_day(value)}{separator}{format_time(value, 'short')}"


_TIME_SEPARATOR = {"ar": "، "}
