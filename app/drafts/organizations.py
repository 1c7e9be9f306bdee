"""Organisations in a report: registry names found fuzzily (Arabic-normalised), the convening
one (subject of "نظّم/عقد/أقام", "X held/organised"), and the others with their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from app.drafts.reference import OrgEntry, Reference
from app.drafts.text import Sentence, key, tokens, variants
from app.drafts.types import OrganizationMention
from app.search.normalize import normalize

_ORGANISING = {
    "اليه",  # "دعت إليه جمعية ...": the caller of the dialogue
    "نظم", "نظمت", "ينظم", "تنظم", "نظمه", "نظمها", "نظمتها", "نظمته", "اقامه", "اقامها",
    "اقامته", "اقامتها", "عقده", "عقدها", "عقدته", "عقدتها", "اقام", "اقامت", "عقد", "عقدت",
    "استضاف", "استضافت", "احتضن", "احتضنت", "ينظمون", "تنظمان", "اطلق", "اطلقت", "held",
    "organised", "organized", "convened", "hosted", "ran", "launched", "organises", "organizes",
    "holds", "hosts",
}  # fmt: skip
_SKIP = {
    "اليوم",
    "امس",
    "يوم",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "صباح",
    "مساء",
}
# The words that begin an organisation's name; a proposed (unregistered) name must start with one.
ORG_HEADS = {
    "مركز", "منظمه", "جمعيه", "شبكه", "مبادره", "منتدي", "مجلس", "تجمع", "فريق", "منصه",
    "مؤسسه", "موسسه", "هيئه", "رابطه", "اتحاد", "لجنه", "وحده", "شركاء", "اذاعه", "جامعه",
    "نقابه", "حمله", "بيت", "دار", "امانه", "صندوق", "تحالف", "ائتلاف", "اكاديميه",
}  # fmt: skip
_EN_HEADS = re.compile(
    r"\b(Centre|Center|Network|Initiative|Forum|Council|Foundation|Association|Organi[sz]ation|"
    r"Unit|Partners|Radio|University|Union|Committee|Fund|Platform|Coalition|Society|Group|Team|"
    r"Institute|Trust|League|Alliance)\b"
)
_STOP = {
    "جلسه", "ورشه", "طاوله", "ملتقي", "ملتقيا", "لقاء", "لقاءا", "في", "يوم", "اليوم", "امس",
    "حول", "عن", "بعنوان", "تحت", "بالتعاون", "بالشراكه", "بدعم", "بمشاركه", "بحضور", "مع",
    "جلسات", "ورشات", "اجتماعا", "مؤتمرا", "ندوه", "حواريه",
}  # fmt: skip
_PUNCT = re.compile(r"[،,.:؛;()«»\"“”\n]")
ROLE_CUES = [
    (
        re.compile(r"بالتعاون\s+مع|in cooperation with|together with|co-organi[sz]ed"),
        "co_organizer",
    ),
    (re.compile(r"بالشراكة\s+مع|بالشراكه\s+مع|in partnership with|بالشراكة مع"), "partner"),
    (
        re.compile(
            r"بدعم\s+من|بتمويل\s+من|with (?:the )?support (?:of|from)|supported by|funded by"
        ),
        "funder",
    ),
]


@dataclass
class RegistryHit:
    org: OrgEntry
    start: int  # word index
    end: int


def registry_hits(reference: Reference, words: list[str]) -> list[RegistryHit]:
    keys = [key(w) for w in words]
    hits: list[RegistryHit] = []
    seen: set[tuple[int, int]] = set()
    for i, k in enumerate(keys):
        for org in reference.org_anchors.get(k, []):
            for _, phrase in (p for p in reference.org_phrases if p[0] is org):
                if k not in phrase:
                    continue
                start0 = i - phrase.index(k)
                best = None
                for start in (start0, start0 - 1, start0 + 1):
                    for size in (len(phrase), len(phrase) - 1, len(phrase) + 1):
                        if start < 0 or size < 1 or start + size > len(keys):
                            continue
                        score = fuzz.ratio(" ".join(keys[start : start + size]), " ".join(phrase))
                        if score >= 88 and (best is None or score > best[0]):
                            best = (score, start, start + size)
                if best and (org.id, best[1]) not in seen:
                    seen.add((org.id, best[1]))
                    hits.append(RegistryHit(org, best[1], best[2]))
    return hits


def _mention(org: OrgEntry, words: list[str], hit: RegistryHit, sentence: Sentence, role: str):
    return OrganizationMention(
        " ".join(words[hit.start : hit.end]),
        sentence.text,
        registry_id=org.id,
        registry_name=org.name_ar if sentence.text and _is_ar(sentence.text) else org.name_en,
        role=role,
    )


def _is_ar(text: str) -> bool:
    return bool(re.search("[\u0600-\u06ff]", text))


def _proposed_arabic(after: str) -> str | None:
    """The name after an organising verb, as written, up to the first stop word."""
    chunk = _PUNCT.split(after, maxsplit=1)[0]
    words = chunk.split()
    while words and key(words[0]) in {key(w) for w in _SKIP} | _SKIP:
        words = words[1:]
    if not words or normalize(words[0]) not in ORG_HEADS:
        return None
    name: list[str] = []
    for word in words:
        if name and normalize(word) in _STOP:
            break
        name.append(word)
        if len(name) >= 7:
            break
    return " ".join(name) if len(name) >= 2 else None


_EN_NAME = re.compile(
    r"((?:[A-Z][\w'’\-]*|of|for|and|the|al-\w+)(?:\s+(?:[A-Z][\w'’\-]*|of|for|and|the|al-\w+))*)\s*$"
)


def _proposed_english(before: str) -> str | None:
    match = _EN_NAME.search(before.strip())
    if not match:
        return None
    name = re.sub(r"^(?:The|the|and|of|for)\s+", "", match.group(1)).strip()
    name = re.sub(r"\s+(?:and|of|for|the)$", "", name)
    return name if len(name.split()) >= 2 and _EN_HEADS.search(name) else None


def convening(reference: Reference, sents: list[Sentence]) -> OrganizationMention | None:
    """The organisation that held the dialogue: registry first, then a proposed name."""
    for sentence in sents[:12]:
        words = tokens(sentence.text)
        hits = registry_hits(reference, words)
        for i, word in enumerate(words):
            if not any(v in _ORGANISING for v in variants(normalize(word))):
                continue
            english = not _is_ar(word)
            for hit in hits:
                near = (
                    0 <= i - hit.end <= 1 or (0 < hit.start - i <= 3 and words[i - 1 : i] == ["by"])
                    if english
                    else 0 < hit.start - i <= 4 or hit.end == i  # headlines: "X تنظم ..."
                )
                if near:
                    return _mention(hit.org, words, hit, sentence, "convening")
            name = _proposed_at(sentence.text, word, english)
            if name:
                return OrganizationMention(name, sentence.text, role="convening")
        label = re.search(
            r"(?:الجهة المنظمة|الجهه المنظمه|Organi[sz]ed by|Organi[sz]er)\s*[:：]\s*(.+)",
            sentence.text,
        )
        if label:
            hits = registry_hits(reference, tokens(label.group(1)))
            if hits:
                return _mention(hits[0].org, tokens(label.group(1)), hits[0], sentence, "convening")
            return OrganizationMention(label.group(1).strip(), sentence.text, role="convening")
    for sentence in sents:  # no organising verb: the first registered organisation named
        words = tokens(sentence.text)
        hits = registry_hits(reference, words)
        if hits:
            return _mention(hits[0].org, words, hits[0], sentence, "convening")
    return None


def _proposed_at(text: str, verb: str, english: bool) -> str | None:
    position = text.find(verb)
    if position < 0:
        return None
    if english:
        after_by = re.match(r"\s*by\s+(?:the\s+)?(.+)", text[position + len(verb) :])
        if after_by:
            return _proposed_english_forward(after_by.group(1))
        return _proposed_english(text[:position])
    return _proposed_arabic(text[position + len(verb) :])


def _proposed_english_forward(after: str) -> str | None:
    match = re.match(r"((?:[A-Z][\w'’\-]*)(?:\s+(?:[A-Z][\w'’\-]*|of|for|and))*)", after)
    return _proposed_english(match.group(1)) if match else None


def others(
    reference: Reference, sents: list[Sentence], organizer: OrganizationMention | None
) -> list[OrganizationMention]:
    """Every other organisation: registry names anywhere, and proposed names after a partner
    cue; each with the role its cue gives (participant when none)."""
    found: dict[str, OrganizationMention] = {}
    skip = organizer.registry_id if organizer else None
    for sentence in sents:
        words = tokens(sentence.text)
        lowered = sentence.text.lower()
        cues = [(m.end(), role) for pattern, role in ROLE_CUES for m in pattern.finditer(lowered)]
        for hit in registry_hits(reference, words):
            if hit.org.id == skip or str(hit.org.id) in found:
                continue
            role = _role_for(sentence.text, words, hit, cues)
            found[str(hit.org.id)] = _mention(hit.org, words, hit, sentence, role)
        for end, role in cues:
            if _is_ar(sentence.text[end : end + 20]):
                name = _proposed_arabic(sentence.text[end:])
            else:
                name = _proposed_english_forward(
                    re.sub(r"^\s*(?:the\s+)?", "", sentence.text[end:])
                )
            if name and not any(
                normalize(name) in normalize(m.name) or normalize(m.name) in normalize(name)
                for m in found.values()
            ):
                if organizer and normalize(name) == normalize(organizer.name):
                    continue
                found[normalize(name)] = OrganizationMention(name, sentence.text, role=role)
    return list(found.values())


def _role_for(text: str, words: list[str], hit: RegistryHit, cues) -> str:
    """The role of the closest cue before the name within the same clause
    ("بالتعاون مع X وY،": both co-organisers)."""
    position = text.lower().find(words[hit.start].lower())
    before = [
        (position - end, role)
        for end, role in cues
        if position - end >= 0 and not re.search(r"[،,.;؛]", text[end:position])
    ]
    return min(before)[1] if before else "participant"
