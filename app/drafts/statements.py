"""Reported speech: "وأوضح/وأكد/وأشار/وقال [name]، [role]، أن ..." and "X said ...", with the
speaker's name and role. Consent is always left at "not for publication"."""

from __future__ import annotations

import re

from app.drafts.text import Sentence
from app.drafts.types import StatementDraft
from app.search.normalize import normalize

_AR_VERBS = (
    "قال|قالت|اوضح|اوضحت|اكد|اكدت|اشار|اشارت|بين|بينت|لفت|لفتت|شدد|شددت|اعتبر|اعتبرت|"
    "راي|رات|ذكر|ذكرت|اضاف|اضافت|صرح|صرحت|اعلن|اعلنت|نوه|نوهت"
)
# Words that describe a role, never part of a name.
_ROLE_WORDS = {
    "رئيس", "رئيسه", "مدير", "مديره", "منسق", "منسقه", "عضو", "عضوه", "ممثل", "ممثله",
    "مسوول", "مسوله", "مسؤول", "مسؤوله", "نائب", "امين", "امينه", "مستشار", "مستشاره", "مدرب",
    "مدربه", "الناشط", "الناشطه", "ناشط", "ناشطه", "المحامي", "المحاميه", "المهندس", "المهندسه",
    "الدكتور", "الدكتوره", "د", "الشيخ", "الاستاذ", "الاستاذه", "السيد", "السيده", "المعلم",
    "المعلمه", "الباحث", "الباحثه", "الصحفي", "الصحفيه", "الاعلامي", "الاعلاميه", "الطبيب",
    "الطبيبه", "المحافظ", "القاضي", "الاب", "المطران", "مطران", "الخوري", "المدرب", "المدربه",
    "منسقة", "مديرة", "رئيسة", "بدوره", "بدورها", "جهته", "جهتها", "من", "كما", "في", "لمراسل",
    "تصريح", "حديث", "لقاء", "كلمه", "خلال", "ان", "المشاركون", "المشاركين", "الحاضرون",
    "المشاركات", "الجلسه", "الورشه", "المنظمه", "الجمعيه", "المركز", "البيان", "التجمع",
}  # fmt: skip
_COLLECTIVE = {
    "المشاركون",
    "الحاضرون",
    "المشاركات",
    "المجتمعون",
    "المتحدثون",
    "الجلسه",
    "الورشه",
    "البيان",
}
_NAME_JOINERS = {"عبد", "ابو", "ابن", "بن", "ام", "ال"}
_TRAILING = re.compile(
    r"\s+(?:في|خلال)\s+(?:تصريح|حديث|لقاء|كلمة|كلمته|كلمتها)\b.*$|\s+ل(?:مراسل|عنب|سانا|وكالة|موقع|صحيفة)\S*.*$"
)


def _name_from_end(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "رئيس المجلس الشيخ عبد الرزاق الحموي" into role words and name words, from the end."""
    name: list[str] = []
    i = len(words) - 1
    while i >= 0 and len(name) < 4:
        word = words[i]
        norm = normalize(word)
        if norm in _ROLE_WORDS and name:  # the last word is a family name (السيد، الشيخ) anyway
            break
        # A word with the article ends the name unless a joiner binds it (عبد الرزاق، أبو الخير).
        joined = i > 0 and normalize(words[i - 1]) in _NAME_JOINERS
        bound = normalize(name[0]) in _NAME_JOINERS or norm in _NAME_JOINERS if name else True
        if name and norm.startswith("ال") and not joined and not bound:
            break
        name.insert(0, word)
        i -= 1
    role = words[: i + 1]
    return role, name


def _valid_name(name: list[str]) -> bool:
    return 2 <= len(name) <= 4 and not normalize(name[0]).startswith("ال")


_VERB_SET = set(_AR_VERBS.split("|"))
_COMPLEMENTS = {"ان", "بان"}


def _is_verb(norm: str) -> bool:
    return norm in _VERB_SET or (norm[:1] in ("و", "ف") and norm[1:] in _VERB_SET)


def _arabic(sentence: Sentence) -> StatementDraft | None:
    text = re.sub(r"^[\-–•*·]\s*", "", sentence.text)
    words = text.split()
    norms = [normalize(w).strip('،,:؛"“”«»') for w in words]
    for v, norm in enumerate(norms):
        if not _is_verb(norm):
            continue
        found = _arabic_at(words, norms, v, sentence)
        if found is not None:
            return found
    return None


def _arabic_at(words, norms, v: int, sentence: Sentence) -> StatementDraft | None:
    comp = None
    for c in range(v + 1, min(len(words), v + 26)):
        raw = words[c]
        if (
            norms[c] in _COMPLEMENTS
            or raw.startswith(('"', "“", "«"))
            or words[c - 1].endswith(":")
        ):
            comp = c
            break
        if norms[c] == "الي" and c + 1 < len(norms) and norms[c + 1] not in _COMPLEMENTS:
            comp = c
            break
    if comp is None:
        return None
    who_end = comp - 1 if comp - 1 > v and norms[comp - 1] == "الي" else comp
    if norms[comp] == "الي":
        who_end = comp
    who_text = re.sub(_TRAILING, "", " ".join(words[v + 1 : who_end])).strip(" ،,:")
    if not who_text or normalize(who_text.split()[0]).strip("،,") in _COLLECTIVE:
        return None
    start = comp + 1 if norms[comp] in _COMPLEMENTS or norms[comp] == "الي" else comp
    quote = " ".join(words[start:]).strip()
    chunks = [c.strip() for c in re.split(r"[،,]", who_text) if c.strip()]
    name, role = _speaker(chunks)
    if name is None or not quote:
        return None
    return StatementDraft(text=quote, evidence=sentence.text, speaker_name=name, speaker_role=role)


def _speaker(chunks: list[str]) -> tuple[str | None, str | None]:
    if len(chunks) >= 2:  # "[name]، [role]" or "[role]، [name]"
        for index, chunk in enumerate(chunks[:2]):
            role_words, name = _name_from_end(chunk.split())
            if _valid_name(name) and len(role_words) <= 3:
                other = chunks[1 - index] if len(chunks) > 1 else ""
                role = " ".join(w for w in [" ".join(role_words), other] if w).strip() or None
                if normalize(" ".join(role_words)) in {
                    "بدوره",
                    "بدورها",
                    "من جهته",
                    "من جهتها",
                    "كما",
                }:
                    role = other or None
                return " ".join(name), role
        return None, None
    role_words, name = _name_from_end(chunks[0].split() if chunks else [])
    if not _valid_name(name):
        return None, None
    role = " ".join(
        w
        for w in role_words
        if normalize(w) not in {"بدوره", "بدورها", "كما", "من", "جهته", "جهتها"}
    )
    return " ".join(name), role or None


_EN_VERBS = (
    r"said|says|explained|stressed|noted|added|told|emphasised|emphasized|argued|warned|pointed out"
)
_CAP = (
    r"(?:Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Sheikh\s+)?"
    r"(?P<name>[A-Z][\w'’\-]+(?:\s+(?:al-|Al-|el-|bin\s+|abu\s+|Abu\s+)?[A-Z][\w'’\-]+){1,3})"
)
_EN_AFTER = re.compile(rf"[\"”],?\s*(?:{_EN_VERBS})\s+{_CAP}(?:,\s*(?P<role>[^,.]+))?")
_EN_APPOSITIVE = re.compile(
    rf"{_CAP},\s*(?P<role>[^,]{{3,80}}),\s*(?:{_EN_VERBS})\b(?:\s+that)?\s*(?P<text>.*)"
)
_EN_BEFORE = re.compile(
    rf"^(?P<role>(?:[A-Z]?[a-z'’\-]+\s+){{0,4}}?){_CAP}\s+(?:{_EN_VERBS})\b(?:\s+that)?\s*(?P<text>.*)"
)
_EN_ROLE_NOUNS = {
    "journalist", "activist", "lawyer", "teacher", "coordinator", "director", "researcher",
    "engineer", "doctor", "volunteer", "facilitator", "moderator", "mediator", "trainer",
}  # fmt: skip
_NOT_NAMES = {
    "Participants",
    "The",
    "They",
    "He",
    "She",
    "It",
    "Organisers",
    "Organizers",
    "Speakers",
}


def _english(sentence: Sentence) -> StatementDraft | None:
    text = re.sub(r"^[\-–•*·]\s*", "", sentence.text)
    for pattern in (_EN_AFTER, _EN_APPOSITIVE, _EN_BEFORE):
        match = pattern.search(text)
        if not match:
            continue
        name = re.sub(r"^(?:Dr|Mr|Ms|Mrs)\.?\s+", "", match.group("name"))
        role = (match.group("role") or "").strip(" ,") or None
        first, _, rest = name.partition(" ")
        if first.lower() in _EN_ROLE_NOUNS and len(rest.split()) >= 2:
            name, role = rest, " ".join(filter(None, [first, role]))
        if name.split()[0] in _NOT_NAMES:
            continue
        quote = match.groupdict().get("text") or text
        if pattern is _EN_AFTER:
            quote = text[: match.start() + 1]
        return StatementDraft(
            text=quote.strip(' "“”'), evidence=sentence.text, speaker_name=name, speaker_role=role
        )
    return None


def statements(sents: list[Sentence], arabic: bool) -> list[StatementDraft]:
    out = []
    for sentence in sents:
        found = _arabic(sentence) if arabic else _english(sentence)
        if found is None and arabic:
            found = _english(sentence)
        if found is not None:
            out.append(found)
    return out
