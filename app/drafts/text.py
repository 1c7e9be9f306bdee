"""Text helpers for the extractor: normalised tokens with Arabic attached prefixes taken off,
and sentences that keep their original wording for the evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.search.normalize import normalize

ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]")
_LATIN_LETTERS = re.compile("[A-Za-z]")
_TOKEN = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+(?:['’\-][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"(?<!Dr\.)(?<!Mr\.)(?<!Ms\.)(?<!Mrs\.)(?<!St\.)(?<=[.!؟?])\s+|\n+")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
# و، ف، ب، ل، ك, alone or combined, attached to the next word (وبحمص، لمدينة، فالمركز).
_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def is_arabic(text: str) -> bool:
    arabic = len(_ARABIC_LETTERS.findall(text))
    return arabic > 0 and arabic > len(_LATIN_LETTERS.findall(text))


def strip_al(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def variants(word: str) -> list[str]:
    """A normalised word and the words it can be with its attached prefixes taken off
    (بحمص → حمص; للاذقيه → اللاذقيه; وبالقامشلي → القامشلي)."""
    out = [word]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = word[len(prefix) :]
            out.append(rest)
            if prefix.endswith("ل") and rest.startswith("ل"):
                out.append("ا" + rest)  # ل + ال → لل (للاذقيه → اللاذقيه)
    return out


@lru_cache(maxsize=50000)
def key(word: str) -> str:
    """A word's comparison key: normalised, prefixes and the article off (بالمركز → مركز)."""
    forms = variants(normalize(word))
    return (
        strip_al(forms[-1]) if len(forms) > 1 and forms[-1].startswith("ال") else strip_al(forms[0])
    )


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass
class Sentence:
    text: str  # as written: the evidence
    norm: str  # normalised, for matching
    index: int
    line_start: bool  # begins a line of the report (titles, datelines, bullets)


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        first = True
        bullet = _NUMBERED.match(line)
        prefix = bullet.group(0) if bullet else ""
        parts = _SENTENCE_END.split(line[len(prefix) :])
        parts[0] = prefix + parts[0]
        for part in parts:
            part = part.strip()
            if part:
                out.append(Sentence(part, normalize(part), len(out), first))
                first = False
    return out


def clean_item(text: str) -> str:
    """An enumerated item without its list punctuation and leading conjunction."""
    text = text.strip(" \t-–—•*·:؛;،,.\"'«»()")
    text = re.sub(r"^(?:\d+|[a-z])[.)\-]\s*", "", text)
    text = re.sub(r"^(?:و?إضافة إلى|فضلاً عن|فضلا عن|and|as well as)\s+", "", text)
    if (
        text.startswith("و")
        and len(text) > 3
        and not text.startswith(
            ("وسائل", "وجهاء", "وثائق", "وضع", "واقع", "وقف", "وحدة", "وعي", "وساطة", "وصول", "وطن")
        )
    ):
        text = text[1:]
    return text.strip(" \t-–—•*·:؛;،,.\"'«»")


def loose(pattern: str) -> str:
    """A pattern written in normalised letters, made to match the original spelling too."""
    return pattern.replace("ا", "[اأإآ]").replace("ه", "[هة]").replace("ي", "[يى]")
