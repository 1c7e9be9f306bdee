"""Which city a report is about: gazetteer names and aliases, attached prefixes handled, the
dateline a strong signal; a governorate named alone (محافظة إدلب، ريف إدلب) gives no city."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from app.drafts.reference import AMBIGUOUS_PLACES, PlaceEntry, Reference
from app.drafts.text import Sentence, strip_al, tokens, variants
from app.search.normalize import normalize

_GOVERNORATE_CUES = {"محافظه", "ريف", "governorate", "countryside", "province", "rural"}
_CITY_CUES = {"مدينه", "بلده", "city", "town"}


@dataclass
class PlaceMention:
    place: PlaceEntry
    sentence: Sentence
    position: int  # word index in the sentence
    as_governorate: bool  # "محافظة حمص", "ريف حمص"
    after_city_cue: bool


@lru_cache(maxsize=20000)
def _word_keys(word: str) -> list[str]:
    out = []
    for form in variants(normalize(word)):
        out += [form, strip_al(form)]
    return list(dict.fromkeys(out))


def mentions(reference: Reference, sentence: Sentence) -> list[PlaceMention]:
    words = tokens(sentence.text)
    keys = [_word_keys(w) for w in words]
    found: list[PlaceMention] = []
    i = 0
    while i < len(words):
        match = _match_at(reference, keys, i)
        if not match:
            i += 1
            continue
        size, places, combo = match
        before = set(keys[i - 1]) | {normalize(words[i - 1]).lower()} if i else set()
        after = normalize(words[i + size]).lower() if i + size < len(words) else ""
        as_governorate = bool(before & _GOVERNORATE_CUES) or after in {
            "governorate",
            "countryside",
            "province",
        }
        after_city = bool(before & _CITY_CUES) or after in {"city", "town"}
        if combo[0] in AMBIGUOUS_PLACES and len(combo) == 1 and not after_city:
            i += size
            continue
        for place in places:
            found.append(PlaceMention(place, sentence, i, as_governorate, after_city))
        i += size
    return found


def _match_at(reference: Reference, keys: list[list[str]], i: int):
    """The longest place phrase starting at word i: the first word in any of its readings
    (with or without prefixes and article), the next ones as written or without the article."""
    best = None
    for first in keys[i]:
        for phrase in reference.place_first.get(first, ()):
            size = len(phrase)
            if i + size > len(keys) or (best and size <= best[0]):
                continue
            if all(phrase[j] in keys[i + j] for j in range(1, size)):
                best = (size, reference.place_phrases[phrase], phrase)
    return best


def choose_city(
    reference: Reference, sents: list[Sentence], dateline: Sentence | None
) -> tuple[PlaceEntry | None, Sentence | None, PlaceEntry | None, Sentence | None]:
    """The best-supported city with its evidence; else a governorate named alone, noted."""
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, Sentence] = {}
    governorate_hits: dict[str, Sentence] = {}
    for sentence in sents:
        for mention in mentions(reference, sentence):
            place = mention.place
            weight = 1.0
            if dateline is not None and sentence.index == dateline.index:
                weight = 6.0
            elif sentence.index == 0:
                weight = 2.0
            if mention.after_city_cue:
                weight += 2.0
            if place.kind == "city" and not mention.as_governorate:
                scores[place.code] += weight
                evidence.setdefault(place.code, sentence)
                if weight > 2:
                    evidence[place.code] = sentence
            elif place.kind == "governorate":
                governorate_hits.setdefault(place.code, sentence)
    if scores:
        code = max(scores, key=lambda c: (scores[c], -evidence[c].index))
        return reference.by_code[code], evidence[code], None, None
    if governorate_hits:
        code = next(iter(governorate_hits))
        return None, None, reference.by_code[code], governorate_hits[code]
    return None, None, None, None
