"""An axis, concern or recommendation matched to a theme of the taxonomy: theme names and the
lexicon's synonyms in both languages, Arabic-normalised; whole terms first, then fuzzy."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from app.drafts.reference import Reference, ThemeEntry
from app.drafts.text import key, tokens

THRESHOLD = 86  # below this, the theme is left for the organiser


@lru_cache(maxsize=4096)
def _keys(text: str) -> tuple[str, ...]:
    return tuple(key(w) for w in tokens(text))


def match_theme(reference: Reference, text: str) -> ThemeEntry | None:
    words = _keys(text)
    if not words:
        return None
    joined = " ".join(words)
    present = set(words)
    best: tuple[tuple, ThemeEntry] | None = None
    for theme in reference.themes:
        for term in theme.terms:
            term_words = _keys(term)
            if not term_words or not present.intersection(term_words):
                continue  # not one word in common: neither an exact nor a close match
            at = _position(words, term_words) if term_words[0] in present else None
            if at is not None:
                score = 100.0
            elif len(term_words) > 1:
                alignment = fuzz.partial_ratio_alignment(" ".join(term_words), joined)
                score = alignment.score
                at = len(joined[: alignment.dest_start].split())
            else:
                continue
            # A specific term over a generic one; then the head of a phrase comes first
            # ("دور المرأة في المصالحة" is about women's role),
            # then the longer, more specific term ("دور المجتمع المدني" over "المجتمع المدني").
            rank = (score, term not in theme.weak, -at, len(" ".join(term_words)))
            if score >= THRESHOLD and (best is None or rank > best[0]):
                best = (rank, theme)
    return best[1] if best else None


def _position(words: tuple[str, ...], term: tuple[str, ...]) -> int | None:
    n = len(term)
    return next((i for i in range(len(words) - n + 1) if words[i : i + n] == term), None)
