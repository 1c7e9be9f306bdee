"""Enumerated content: discussion axes, concerns/gaps/priorities and recommendations, from inline
enumerations ("تضمنت عدة محاور أهمها: ...، و...", "discussed A, B and C") and from bullet lists
under a heading (minutes)."""

from __future__ import annotations

import re

from app.drafts.text import Sentence, clean_item, loose
from app.search.normalize import normalize

_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d{1,2}[.)\-]|[a-z][.)])\s+")

# Headings of bullet lists (normalised), and what their items are.
_HEADINGS = [
    (
        re.compile(
            r"محاور|المحاور|جدول الاعمال|axes|agenda|topics|discussed|تناولت|ناقشت|النقاش حول"
        ),
        "axis",
    ),
    (
        re.compile(r"مخاوف|الفجوات|التحديات|العوائق|الاولويات|concerns|gaps|challenges|priorities"),
        "priority",
    ),
    (re.compile(r"توصيات|التوصيات|المخرجات|recommendations|outcomes|اتفق"), "recommendation"),
]

_AXIS_TRIGGER = re.compile(
    r"(?<!\w)و?(?:تركز|يتركز|تركزت|تضمنت|تضمن|تناولت|تناول|ناقشت|ناقش|بحثت|بحث|ركزت|ركز|تمحورت|تمحور|تطرقت|تطرق|استعرضت|استعرض)(?!\w)"
    r"(?:\s+(?:الجلسه|الورشه|الملتقي|اللقاء|النقاشات|النقاش|الطاوله|المداخلات|فيها|فيه|الحوار|الجلسات))?"
    r"(?:\s+(?:عده محاور|محاور عده|محاور عديده|عددا من المحاور|ثلاثه محاور|اربعه محاور|محاور))?"
    r"(?:\s*[،,]?\s*(?:اهمها|ابرزها|منها|هي|من بينها))?\s*:?\s*(?:علي|حول)?\s*"
    r"|(?<!\w)(?:discussed|focused on|covered|examined|addressed|tackled)\s*:?\s*"
)
_CLAUSE_START = re.compile(
    r"^(?:شارك|بمشاركه|بحضور|وشارك|حضرها|حضره|قدم|وقدم|تحدث|قال|اكد|اوضح|with|attended|bringing|which|where|while)"
)
_REC_TRIGGER = re.compile(
    r"(?<!\w)و?(?:اوصي|اوصت|اوصوا)\s+(?:المشاركون|الحاضرون|المجتمعون|المشاركات|الجلسه|الورشه|الملتقي|اللقاء)?"
    r"(?:\s+في\s+(?:ختام|نهايه)\s+\S+)?\s*(?:ب?ضروره|ب)?"
    r"|(?<!\w)و?(?:دعا|دعت|دعوا|طالب|طالبت|طالبوا|شدد|شددت|شددوا)\s+(?:المشاركون|الحاضرون|المجتمعون|المشاركات|المبادره|الجلسه|المنظمه)"
    r"(?:\s+في\s+\S+\s+\S+)?\s*(?:الي|علي|ب)?\s*(?:ضروره)?"
    r"|(?<!\w)و?(?:خلص|خلصت)\s+(?:المشاركون|الجلسه|الورشه)\s+الي\s+.*?(?:ابرزها|اهمها|منها)"
    r"|(?<!\w)و?(?:اتفق|اتفقت)\s+(?:المشاركون|الحاضرون|المجتمعون)\s+علي"
    r"|(?:recommended|called for|urged|stressed the need for|agreed to|agreed on)(?:\s+that)?"
)
_PRIORITY_TRIGGER = re.compile(
    r"(?<!\w)و?(?:اشار|اشارت|اشاروا|عبر|عبرت|اعتبر)\s+(?:المشاركون|الحاضرون|المشاركات)\s+(?:الي|عن)\s+(?:ان\s+)?"
    r"(?:(?:ابرز|اهم)\s+(?:المخاوف|الفجوات|العوائق|التحديات|"
    r"الاولويات)(?:\s+و\S+)?\s*[،,]?\s*(?:ومنها|منها|ومن بينها)?)?"
    r"|(?:participants|they)\s+(?:identified|named|raised|listed)\s+"
)
_PRIORITY_TAIL = re.compile(
    loose(
        r"\s+(?:من\s+(?:ابرز|اهم)\s+(?:المخاوف|العوائق|التحديات|الفجوات|"
        r"الصعوبات).*|as the (?:main|key|biggest) (?:gaps?|concerns?|challenges?|"
        r"priorities).*)$"
    )
)
# Problem nouns that begin a new item in a list joined with و (ضعف ... وصعوبة ...).
_PROBLEMS = "ضعف|صعوبه|غياب|نقص|انقطاع|تراكم|انتشار|قله|ارتفاع|تصاعد|تراجع|تدهور|غلاء|عدم|صعوبات"
_SPLIT_AR = re.compile(
    loose(
        rf"\s*[،,؛;]\s*(?:و(?=\S))?|\s+(?:إضافة إلى|اضافه الي|فضلا عن|"
        rf"فضلاً عن)\s+|\s+و(?=(?:{_PROBLEMS})\s)"
    )
)
_SPLIT_EN = re.compile(r"\s*;\s*|,\s+(?:and\s+)?")
_SPLIT_EN_ACTIONS = re.compile(
    r"\s*;\s*|,\s+(?:and\s+)?|\s+and\s+(?:for\s+|to\s+)?(?=(?:that|a|an|\w+ing)\b)"
)


def _priority_kind(text: str) -> str:
    norm = normalize(text)
    if re.search(r"فجو|نقص|غياب|gap|lack|absence", norm):
        return "gap"
    if re.search(r"اولوي|priorit", norm):
        return "priority"
    if re.search(r"مخاطر|risk", norm):
        return "risk"
    return "concern"


def _split(original: str, arabic: bool, actions: bool = False) -> list[str]:
    """Items of an enumeration; in English, recommendations also split at "and a/that/…ing"
    (an axis such as "participation and the constitutional process" stays whole)."""
    pattern = _SPLIT_AR if arabic else (_SPLIT_EN_ACTIONS if actions else _SPLIT_EN)
    parts = pattern.split(original)
    items = []
    for part in parts:
        item = clean_item(part)
        if not item:
            continue
        if _CLAUSE_START.match(normalize(item)):
            break  # "... تناولت X، شارك فيها 60 معلماً": the list ended
        items.append(item)
    return [i for i in items if 2 <= len(i.split()) <= 25 or (len(i.split()) == 1 and len(i) > 3)]


def _original_between(sentence: Sentence, start: int, end: int) -> str:
    """The original words for a span of the normalised sentence (both have the same words); a
    word cut by the span keeps only its part inside it (بإنشاء after the trigger's ب → إنشاء)."""
    words = sentence.text.split()
    norm_words = sentence.norm.split()
    out: list[str] = []
    position = 0
    for original, norm in zip(words, norm_words, strict=False):
        begin = sentence.norm.find(norm, position)
        finish = begin + len(norm)
        position = finish
        if finish <= start or begin >= end:
            continue
        if begin < start < finish and normalize(original).startswith(norm[: start - begin]):
            cut = start - begin
            original = original[cut:] if len(original) == len(norm) else original
        out.append(original)
    return " ".join(out)


def _after(sentence: Sentence, match: re.Match) -> str:
    return _original_between(sentence, match.end(), len(sentence.norm)).lstrip(":： ")


def bullet_sections(sents: list[Sentence]) -> dict[str, list[tuple[str, Sentence]]]:
    """Bullet or numbered lines under a heading line, by the heading's kind."""
    sections: dict[str, list[tuple[str, Sentence]]] = {
        "axis": [],
        "priority": [],
        "recommendation": [],
    }
    current: str | None = None
    for sentence in sents:
        if not sentence.line_start:
            continue
        if _BULLET.match(sentence.text):
            if current:
                item = clean_item(_BULLET.sub("", sentence.text))
                if item:
                    sections[current].append((item, sentence))
            continue
        current = None
        if sentence.text.rstrip().endswith((":", "：")) or len(sentence.text.split()) <= 6:
            for pattern, kind in _HEADINGS:
                if pattern.search(sentence.norm.lower()):
                    current = kind
                    break
    return sections


def axes(sents: list[Sentence], arabic: bool, bullets: list[tuple[str, Sentence]]):
    if bullets:
        return bullets
    found: list[tuple[str, Sentence]] = []
    seen: set[str] = set()
    for sentence in sents:
        if not arabic and not re.search(r"discuss|focus|cover|examin|address|tackl", sentence.text):
            continue
        match = _AXIS_TRIGGER.search(sentence.norm.lower() if not arabic else sentence.norm)
        if not match:
            continue
        # A trigger inside a quote or a statement ("وقال ... إن الجلسة ناقشت") is not an axis.
        if re.search(r"\b(?:قال|قالت|said)\b", sentence.norm[: match.start()]):
            continue
        rest = _after(sentence, match)
        for item in _split(rest, arabic):
            if normalize(item) not in seen:
                seen.add(normalize(item))
                found.append((item, sentence))
    return found


def recommendations(sents: list[Sentence], arabic: bool, bullets):
    found = list(bullets)
    for sentence in sents:
        norm = sentence.norm if arabic else sentence.norm.lower()
        matches = list(_REC_TRIGGER.finditer(norm))
        for index, match in enumerate(matches):
            end_limit = matches[index + 1].start() if index + 1 < len(matches) else len(norm)
            segment = _segment(sentence, match, end_limit)
            segment = re.sub(r"\s+(?:and|و)$", "", segment.strip())
            for item in _split(segment, arabic, actions=True):
                item = re.sub(r"^(?:بضرورة\s+|ضرورة\s+|إلى\s+|الى\s+|على\s+ضرورة\s+)", "", item)
                if len(item.split()) >= 2:
                    found.append((item, sentence))
    return found


def _segment(sentence: Sentence, match: re.Match, end: int) -> str:
    return _original_between(sentence, match.end(), end)


def priorities(sents: list[Sentence], arabic: bool, bullets):
    found = [(_priority_kind(t), t, s) for t, s in bullets]
    for sentence in sents:
        norm = sentence.norm if arabic else sentence.norm.lower()
        match = _PRIORITY_TRIGGER.search(norm)
        if not match:
            continue
        rest = _after(sentence, match)
        rest = _PRIORITY_TAIL.sub("", rest)
        kind = _priority_kind(sentence.text)
        for item in _split(rest, arabic):
            if not arabic:
                for piece in re.split(r"\s+and\s+", item):
                    found.append((kind, clean_item(piece), sentence))
            else:
                found.append((kind, item, sentence))
    return found
