"""Language choice and bilingual field helpers."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

RTL_LANGUAGES = frozenset({"ar"})


def select_locale() -> str:
    """The user's saved choice, then the session, then the browser, then the default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line: terminals render Arabic poorly
        return "en"
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
