"""The extractor: report text in, a typed Draft out, every field with its evidence sentence.
Deterministic and offline: rules, the gazetteer, the registry and the theme lexicon."""

from __future__ import annotations

import re
from datetime import date

from app.drafts import items, organizations, places, statements, themes
from app.drafts.dates import find_dates
from app.drafts.reference import Reference
from app.drafts.text import Sentence, is_arabic, sentences
from app.drafts.types import AxisDraft, Draft, Found, ItemDraft
from app.search.normalize import normalize

# (normalised phrase, format); the first found in the title, else in the text, wins; an online
# marker in the same sentence makes it online.
_FORMATS = [
    ("طاوله مستديره", "roundtable"), ("طاوله حوار", "roundtable"), ("round table", "roundtable"),
    ("roundtable", "roundtable"), ("ورشه عمل", "workshop"), ("ورشه", "workshop"),
    ("workshop", "workshop"), ("جلسه تشاوريه", "consultation"), ("لقاء تشاوري", "consultation"),
    ("مشاورات", "consultation"), ("consultation", "consultation"), ("ملتقي", "forum"),
    ("مؤتمر", "forum"), ("conference", "forum"), ("community forum", "forum"),
    ("youth forum", "forum"), ("public forum", "forum"), ("حوار مجتمعي", "session"),
    ("حوارا مجتمعيا", "session"),
    ("جلسه حواريه", "session"), ("جلسه نقاشيه", "session"), ("جلسه حوار", "session"),
    ("لقاء حواري", "session"), ("لقاء", "session"), ("جلسه", "session"),
    ("محضر اجتماع", "session"), ("dialogue session", "session"), ("community dialogue", "session"),
    ("public dialogue", "session"), ("session", "session"), ("dialogue", "session"),
]  # fmt: skip
_ONLINE = re.compile(
    r"عبر الانترنت|عبر الإنترنت|عن بعد|عن بُعد|افتراضي|زووم|\bonline\b|"
    r"\bvirtual\b|\bzoom\b|video call"
)
# "خاص" (exclusive), "مراسلنا" (our correspondent): a dateline's other half that names no one.
_NOT_PUBLISHERS = {"خاص", "exclusive", "مراسلنا", "مراسل", "وكالات", "agencies"}
_PARENTHESIS = re.compile(r"\s*\(([^)]{2,40})\)")
_BYLINE = re.compile(r"^(?:By|بقلم|كتب|كتبت)\s|^[^\s]+(?:\s[^\s]+){0,3}\s[-–—]\s\d")
_DASH = re.compile(r"\s*[-–—]\s*")
_VENUE_HEADS = (
    "فندق|قاعه|القاعه|مقر|مقرها|مقره|مركز|المركز|صاله|الصاله|مضافه|مكتبه|المكتبه|نادي|النادي|مدرج|"
    "كليه|مبني|دار|خيمه|مسرح|غرفه|استوديو|ستوديو|مكتب"
)
_VENUE_AR = re.compile(
    rf"(?:^|\s)(?:في|ب|داخل|احتضنت|احتضن|استضافت|استضاف)\s*(?P<v>(?:{_VENUE_HEADS})\s.*)"
)
_VENUE_STOP = re.compile(
    r"\s(?:بمدينه|في مدينه|بمشاركه|بحضور|بعنوان|تحت|يوم|حول|عن|اليوم|امس|"
    r"وشارك|استمرت|ناقشت|تناولت|ملتقي|جلسه|ورشه)\b"
)
_VENUE_EN = re.compile(
    r"\bat\s+(?:the\s+|its\s+|their\s+)?(?P<v>[^,.;]{3,80}?(?:[Hh]otel|"
    r"[Hh]all|[Cc]ent(?:re|er)|[Ss]tudio|[Oo]ffice|[Ll]ibrary|[Cc]lub|"
    r"[Uu]niversity|[Ss]chool|[Tt]heatre|[Tt]ent|[Hh]ouse)\b[^,.;]*?)(?=,|\.|"
    r";| on | with | to | bringing|$)"
)
_PARTICIPATION = re.compile(
    r"بمشاركه|(?<!\w)و?شارك|مشاركين|مشاركون|مشاركا|حضور|(?<!\w)و?حضر|"
    r"participant|took part|attend|gathered|bringing together|"
    r"brought together"
)
_NUMBER_WORDS_EN = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS_EN = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SECTORS = [
    ("civil_society",
            r"المجتمع المدني|منظمات المجتمع|الجمعيات المدنيه|civil[- ]society|ngos|"
            r"humanitarian organi[sz]ations|activists|ناشطات|ناشطين"
        ),
    ("community",
            r"الاهلي|الاهليه|لجان الاحياء|لجان احياء|community committees|"
            r"local committees|neighbourhood committees"
        ),
    ("religious", r"رجال الدين|رجال دين|religious leaders|clergy"),
    ("tribal_notable", r"وجهاء|الوجهاء|العشائر|شيوخ العشائر|tribal|notables"),
    ("local_authority",
            r"المؤسسات الرسميه|الجهات الرسميه|المجالس المحليه|المجلس البلدي|البلديات|"
            r"الهيئات المحليه|مجلس المدينه|local councils|city council|"
            r"local authorit|municipal"
        ),
    ("security", r"الشرطه|الامن الداخلي|police|security forces"),
    ("media", r"اعلاميين|الاعلاميين|صحفيين|الصحفيين|اذاعه|journalists|media"),
    ("academia", r"اكاديميين|الاكاديميين|باحثين|الجامعه|academics|researchers|university"),
    ("private_sector", r"القطاع الخاص|رجال الاعمال|التجار|private sector|business"),
    ("displaced", r"النازحين|المهجرين|العائدين|displaced|returnees|refugees"),
    ("disability", r"ذوي الاعاقه|ذوي الاحتياجات|disabilit"),
]  # fmt: skip
_ORGANISING_SENTENCE = re.compile(
    r"نظم|عقد|اقام|اقامت|اختتم|احتضن|انطلق|استضاف|جري|شهدت|شهد|دعت اليه|دعا اليه|"
    r"held|organi[sz]ed|convened|hosted|took place|attended|التاريخ|^date\s*:"
)


def extract(text: str, published_on: date, reference: Reference) -> Draft:
    sents = sentences(text)
    arabic = is_arabic(text)
    draft = Draft(language="ar" if arabic else "en", published_on=published_on)
    if not sents:
        return draft
    dateline, dateline_publisher, dateline_date = _dateline(sents, reference)
    if dateline_date is not None:
        draft.published_on = dateline_date.value
    draft.title = _title(sents, dateline)
    city, city_sentence, governorate, governorate_sentence = places.choose_city(
        reference, sents, dateline
    )
    if city is not None:
        draft.city = Found(city.code, city_sentence.text)
        draft.city_id = city.id
    elif governorate is not None:
        draft.governorate = Found(governorate.code, governorate_sentence.text)
    draft.format = _format(sents, draft.title)
    draft.venue = _venue(sents, arabic, reference)
    draft.organizer = organizations.convening(reference, sents)
    draft.organizations = organizations.others(reference, sents, draft.organizer)
    draft.held_on = _held_on(sents, draft.published_on, dateline)
    draft.publisher = dateline_publisher or _publisher(sents)
    _participants(draft, sents)
    bullets = items.bullet_sections(sents)
    for text_, sentence in items.axes(sents, arabic, bullets["axis"]):
        theme = themes.match_theme(reference, text_)
        draft.axes.append(
            AxisDraft(
                text_, sentence.text, theme.code if theme else None, theme.id if theme else None
            )
        )
    for kind, text_, sentence in items.priorities(sents, arabic, bullets["priority"]):
        theme = themes.match_theme(reference, text_)
        draft.priorities.append(
            ItemDraft(
                kind,
                text_,
                sentence.text,
                theme.code if theme else None,
                theme.id if theme else None,
            )
        )
    for text_, sentence in items.recommendations(sents, arabic, bullets["recommendation"]):
        theme = themes.match_theme(reference, text_)
        draft.recommendations.append(
            ItemDraft(
                "recommendation",
                text_,
                sentence.text,
                theme.code if theme else None,
                theme.id if theme else None,
            )
        )
    draft.statements = statements.statements(sents, arabic)
    draft.summary = _summary(sents, dateline, draft.title)
    return draft


def _dateline(sents: list[Sentence], reference: Reference):
    """ "حمص-سانا", "عنب بلدي – حلب", "HOMS, 9 November 2026 —", "الساحل نيوز – 16 تشرين الثاني
    2026": the dateline sentence, its publisher and its date (the publication date)."""
    for sentence in sents[:6]:
        head = sentence.text
        if re.match(r"^[^:：]{1,30}[:：]", head):
            continue  # "المكان: طرطوس – قاعة ...": a labelled line, not a dateline
        parts = [p.strip(" ،,") for p in _DASH.split(head, maxsplit=2) if p.strip(" ،,")]
        # "MANBIJ, 12 November 2026 (Syria Direct) —": the agency in brackets.
        bracketed = _PARENTHESIS.search(parts[0]) if parts else None
        if bracketed:
            parts[0] = _PARENTHESIS.sub("", parts[0])
        if len(parts) < 2 or len(parts[0].split()) > 5:
            continue
        candidates = parts[:2]
        publisher = bracketed.group(1).strip() if bracketed else None
        found_place = False
        dateline_date = None
        for part in candidates:
            # "HOMS, 9 November 2026" carries the city and the publication date.
            city_part, _, date_part = part.partition(",")
            part_sentence = Sentence(city_part, normalize(city_part), sentence.index, True)
            plain = len(city_part.split()) <= 3 and not re.search(r"\d", city_part)
            if plain and places.mentions(reference, part_sentence):
                found_place = True
                if date_part:
                    dates = find_dates(normalize(date_part), date.today())
                    if dates:
                        dateline_date = Found(dates[0].value, sentence.text)
                continue
            dates = find_dates(normalize(part), date.today())
            if dates and len(part.split()) <= 5:
                dateline_date = Found(dates[0].value, sentence.text)
                continue
            if (
                len(part.split()) <= 4
                and normalize(part) not in _NOT_PUBLISHERS
                and part is candidates[0]
                or (
                    part is candidates[1]
                    and len(part.split()) <= 5
                    and normalize(part) not in _NOT_PUBLISHERS
                )
            ):
                publisher = publisher or part
        if found_place or dateline_date:
            if publisher and len(publisher.split()) > 5:
                publisher = None
            return (
                sentence if found_place else None,
                Found(publisher, sentence.text) if publisher else None,
                dateline_date,
            )
    return None, None, None


def _title(sents: list[Sentence], dateline: Sentence | None) -> Found | None:
    first = sents[0]
    if dateline is not None and first.index == dateline.index:
        return None
    if first.line_start and len(first.text.split()) <= 25 and not first.text.endswith((".", ":")):
        return Found(first.text.strip(), first.text)
    return None


def _format(sents: list[Sentence], title: Found | None) -> Found | None:
    ordered = sorted(sents, key=lambda s: (0 if title and s.text == title.evidence else 1, s.index))
    for sentence in ordered[:8]:
        lowered = sentence.norm.lower()
        for phrase, value in _FORMATS:
            if re.search(rf"(?<!\w){re.escape(phrase)}", lowered):
                if _ONLINE.search(lowered) or _ONLINE.search(sentence.text.lower()):
                    value = "online"
                return Found(value, sentence.text)
    return None


def _venue(sents: list[Sentence], arabic: bool, reference: Reference) -> Found | None:
    for sentence in sents:
        if sentence.line_start and re.match(r"^(?:المكان|Venue|Place)\s*[:：]", sentence.text):
            value = re.split(r"[:：]", sentence.text, maxsplit=1)[1]
            parts = [p.strip() for p in re.split(r"\s*[-–—,،]\s*", value) if p.strip()]
            sentence_parts = [
                p
                for p in parts
                if len(p.split()) > 3
                or not places.mentions(reference, Sentence(p, normalize(p), 0, True))
            ]
            if sentence_parts:
                return Found(sentence_parts[-1], sentence.text)
    for sentence in sents:
        if arabic:
            match = _VENUE_AR.search(sentence.norm)
            if not match:
                continue
            venue_norm = match.group("v")
            stop = _VENUE_STOP.search(" " + venue_norm)
            if stop:
                venue_norm = venue_norm[: max(stop.start() - 1, 0)]
            venue_norm = re.split(r"[،,.:؛\"]", venue_norm)[0]
            words = venue_norm.split()
            # The city closes the venue ("فندق الشام بدمشق"): cut before a place name.
            for i in range(1, len(words)):
                piece = words[i]
                if (
                    places.mentions(reference, Sentence(piece, piece, 0, False))
                    and piece[:1] in "بفل"
                ):
                    words = words[:i]
                    break
            if not words:
                continue
            original = _original_words(sentence, match.start("v"), len(words))
            if _is_organizer_phrase(sentence, match):
                continue
            return Found(original, sentence.text)
        match = _VENUE_EN.search(sentence.text)
        if match:
            venue = re.sub(
                r"\s+(?:in|of)\s+(?:the\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*\s*$",
                "",
                match.group("v"),
            )
            venue = re.sub(r"^(?:university's|organisation's|organization's)\s+", "", venue)
            return Found(venue.strip(), sentence.text)
    return None


def _is_organizer_phrase(sentence: Sentence, match: re.Match) -> bool:
    """ "نظّم مركز ..." names the organiser, not a venue; only "في/ب مركز ..." is a place."""
    before = sentence.norm[: match.start("v")].split()
    return bool(before) and before[-1] in {"نظم", "عقد"}


def _original_words(sentence: Sentence, norm_start: int, count: int) -> str:
    index = len(sentence.norm[:norm_start].split())
    words = sentence.text.split()[index : index + count]
    return " ".join(words).strip("،,.")


def _held_on(sents: list[Sentence], published: date, dateline: Sentence | None) -> Found | None:
    best: tuple[int, int, Found] | None = None
    for sentence in sents:
        norm = sentence.norm
        if dateline is not None and sentence.index == dateline.index:
            parts = _DASH.split(sentence.norm, maxsplit=1)
            if len(parts) == 2 and len(_PARENTHESIS.sub("", parts[0]).split()) <= 6:
                norm = parts[1]  # the dateline's own date is the publication date
        candidates = find_dates(norm, published)
        if not candidates:
            continue
        weight = 0 if _ORGANISING_SENTENCE.search(norm.lower()) else 1
        for candidate in candidates:
            if candidate.value > published and candidate.kind not in ("weekday",):
                continue
            rank = (weight, sentence.index)
            if best is None or rank < best[:2]:
                best = (*rank, Found(candidate.value, sentence.text))
            break
    if best is None:
        return None
    if best[0] == 1 and _BYLINE.match(best[2].evidence):
        return None  # a byline's date is the publication's, not the dialogue's
    return best[2]


def _publisher(sents: list[Sentence]) -> Found | None:
    for sentence in sents[:40]:
        match = re.search(r"^By\s+(?P<p>[A-Z][\w ]+?),\s", sentence.text)
        if match:
            return Found(match.group("p"), sentence.text)
        match = re.search(r"لمراسل\s+(?P<p>\S+)", sentence.text)
        if match:
            return Found(match.group("p").strip("،,."), sentence.text)
    return None


def _number(token: str) -> int | None:
    token = normalize(token).lower()
    if token.isdigit():
        return int(token)
    if token in _NUMBER_WORDS_EN:
        return _NUMBER_WORDS_EN[token]
    tens, _, unit = token.partition("-")
    if tens in _TENS_EN:
        return _TENS_EN[tens] + (_NUMBER_WORDS_EN.get(unit, 0) if unit else 0)
    return None


_NUM = r"(?P<n>\d+|[a-z]+(?:-[a-z]+)?)"
_TOTAL_PATTERNS = [
    rf"(?P<q>نحو|حوالي|قرابه|ما يقارب|اكثر من|around|about|some|nearly|over|"
    rf"more than)?\s*{_NUM}\s+(?:شخصا|شخص|مشاركا|مشارك|مشاركه|مشاركين|شابا|"
    rf"شاب|متدربا|متدرب|participants|people|persons|attendees|residents|trainees|"
    rf"young people)",
    rf"(?:عدد الحضور|عدد المشاركين|الحضور|participants|attendance|attendees)\s*[:：]\s*{_NUM}",
    rf"(?:شارك|وشارك)\s+(?:في\S*\s+)?(?:\S+\s+){{0,2}}?(?P<q>نحو|حوالي|اكثر من)?\s*{_NUM}\b",
]
_WOMEN = [
    rf"{_NUM}\s+(?:منهن\s+)?(?:امراه|نساء|سيده|سيدات|مشاركه|women|of them women|female)",
    rf"(?:بينهم|منهم|منهن|including)\s+{_NUM}\s+(?:امراه|نساء|سيده|سيدات|women)",
]
_MEN = [rf"{_NUM}\s+(?:رجلا|رجال|رجل|men|male)\b"]
_YOUTH = [
    rf"{_NUM}\s+(?:من\s+)?(?:الشباب|شابا وشابه|شاب وشابه|شبان|young people|youth)",
]


def _participants(draft: Draft, sents: list[Sentence]) -> None:
    for sentence in sents:
        norm = sentence.norm.lower()
        if not _PARTICIPATION.search(norm):
            continue
        if draft.participants_total is None:
            for pattern in _TOTAL_PATTERNS:
                match = re.search(pattern, norm)
                if not match or _number(match.group("n")) is None:
                    continue
                qualifier = match.groupdict().get("q") or ""
                if qualifier in ("اكثر من", "more than", "over"):
                    draft.notes.append(Found(f"> {_number(match.group('n'))}", sentence.text))
                    break
                draft.participants_total = Found(_number(match.group("n")), sentence.text)
                break
        for field, patterns in (
            ("participants_women", _WOMEN),
            ("participants_men", _MEN),
            ("participants_youth", _YOUTH),
        ):
            if getattr(draft, field) is not None:
                continue
            for pattern in patterns:
                match = re.search(pattern, norm)
                if match and _number(match.group("n")) is not None:
                    setattr(draft, field, Found(_number(match.group("n")), sentence.text))
                    break
        for sector, pattern in _SECTORS:
            if re.search(pattern, norm) and sector not in {s.value for s in draft.sectors}:
                draft.sectors.append(Found(sector, sentence.text))
    _consistent(draft)


def _consistent(draft: Draft) -> None:
    """A count the others contradict is dropped (and noted) rather than saved wrong."""
    total = draft.participants_total.value if draft.participants_total else None
    if total is None:
        return
    for field in ("participants_women", "participants_men", "participants_youth"):
        found = getattr(draft, field)
        if found is not None and found.value > total:
            draft.notes.append(found)
            setattr(draft, field, None)
    women, men = draft.participants_women, draft.participants_men
    if women and men and women.value + men.value > total:
        draft.notes.append(men)
        draft.participants_men = None


def _summary(sents: list[Sentence], dateline: Sentence | None, title: Found | None) -> Found | None:
    for sentence in sents:
        if (title and sentence.text == title.evidence) or (
            dateline and sentence.index == dateline.index
        ):
            continue
        if len(sentence.text.split()) >= 8:
            return Found(sentence.text, sentence.text)
    return None
