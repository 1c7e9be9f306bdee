"""Arabic (and Latin) search normalisation, applied identically when indexing and when querying.

Rules from domain NOTES.md §d: NFKC; strip harakat, Quranic marks, tatweel and invisible
direction marks; unify alef forms, taa marbuta, alef maqsura, Persian yeh and keheh; map
Arabic-Indic digits to ASCII; casefold Latin; collapse whitespace.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"\s+")
_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة → ه
        "\u0649": "\u064a",  # ى → ي
        "\u06cc": "\u064a",  # ی → ي
        "\u06a9": "\u0643",  # ک → ك
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)


def normalize(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text)
    text = text.translate(_LETTERS).casefold()
    return _SPACES.sub(" ", text).strip()


def search_terms(query: str | None) -> list[str]:
    """The normalised words of a query; each must match (AND)."""
    return [term for term in normalize(query).split(" ") if term]


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    """Embedding and override controls can make a name read as something else; drop them."""
    return _BIDI_CONTROLS.sub("", text)
