"""The extractor against the gold annotations of the report corpus (tests/fixtures/reports),
and the rules one by one. No timing here: `make bench-import` measures it."""

from __future__ import annotations

from datetime import date

import pytest

from app.drafts import evaluation
from app.drafts.dates import find_dates
from app.drafts.extract import extract
from app.search.normalize import normalize
from tests.drafts.conftest import CORPUS

CASES = evaluation.load_corpus(CORPUS)


@pytest.fixture(scope="module")
def results(file_reference):
    reference, _ = file_reference
    return {
        name: (extract(text, evaluation.published(gold), reference), gold)
        for name, text, gold in CASES
    }


def test_the_corpus_is_what_the_issue_asks_for():
    names = [name for name, _, _ in CASES]
    assert len(names) >= 15
    assert sum(n.startswith("ar") for n in names) >= 10
    assert sum(n.startswith("en") for n in names) >= 3
    golds = [gold for _, _, gold in CASES]
    assert any(g["held_on"] is None for g in golds)  # no date
    assert any(g["city"] is None and g["format"] != "online" for g in golds)  # governorate only
    assert any("women" in g["participants"] and "men" in g["participants"] for g in golds)
    assert any(text.count("\n- ") >= 3 for _, text, _ in CASES)  # minutes with bullets


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_each_report_gives_its_gold_core_fields(results, file_reference, name):
    draft, gold = results[name]
    _, registry = file_reference
    assert (draft.city.value if draft.city else None) == gold["city"]
    held = draft.held_on.value.isoformat() if draft.held_on else None
    assert held == gold["held_on"]
    assert (draft.format.value if draft.format else None) == gold["format"]
    want = gold["organizer"]
    if want["registry"]:
        assert draft.organizer.registry_id == registry[want["registry"]]
    else:
        assert draft.organizer.registry_id is None
        assert normalize(draft.organizer.name) == normalize(want["name"])
    speakers = {normalize(s.speaker_name) for s in draft.statements}
    assert {normalize(s["speaker"]) for s in gold["statements"]} <= speakers
    for key in ("total", "women", "men", "youth"):
        found = getattr(draft, f"participants_{key}")
        assert (found.value if found else None) == gold["participants"].get(key)


def test_the_corpus_meets_the_aims(results, file_reference):
    _, registry = file_reference
    tallies = evaluation.score(
        [(name, draft, gold) for name, (draft, gold) in results.items()], registry
    )
    for field, aim in {"city": 0.9, "organizer": 0.9, "held_on": 0.9, "speakers": 0.9}.items():
        assert tallies[field].precision >= aim and tallies[field].recall >= aim, field
    assert tallies["axes_themes"].precision >= 0.8 and tallies["axes_themes"].recall >= 0.8


def test_every_value_comes_with_the_sentence_it_came_from(results):
    for name, (draft, _) in results.items():
        text = dict((n, t) for n, t, _ in CASES)[name]
        for found in (draft.title, draft.city, draft.venue, draft.held_on, draft.format):
            if found is not None:
                assert found.evidence in text, (name, found)
        for axis in draft.axes:
            assert axis.evidence in text and axis.text
        for statement in draft.statements:
            assert statement.evidence in text
            assert statement.consent == "not_for_publication"


def test_a_governorate_alone_gives_no_city(file_reference):
    reference, _ = file_reference
    draft = extract(
        "نظمت جمعية النور جلسة حوارية في ريف محافظة إدلب.", date(2026, 11, 1), reference
    )
    assert draft.city is None and draft.governorate.value == "SY07"
    draft = extract("جلسة حوارية في مدينة إدلب.", date(2026, 11, 1), reference)
    assert draft.city.value == "SY07-IDLEB"


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("عقد اللقاء بحمص أمس", "SY04-HOMS"),
        ("في فندق الشام بدمشق", "SY01-DAMASCUS"),
        ("وللاذقية نصيب من الجلسات", "SY06-LATTAKIA"),
        ("جلسة في حماه", "SY05-HAMA"),
        ("وبالقامشلي عقدت جلسة", "SY08-QAMISHLI"),
        ("A session in Kobani", "SY02-AINALARAB"),
    ],
)
def test_city_names_with_attached_prefixes_and_aliases(file_reference, sentence, code):
    reference, _ = file_reference
    assert extract(sentence, date(2026, 11, 1), reference).city.value == code


def test_the_dateline_wins_over_other_cities(file_reference):
    reference, _ = file_reference
    text = "حمص-سانا\nنظم المركز جلسة حوارية ضمت مشاركين من حماة وحلب."
    assert extract(text, date(2026, 11, 1), reference).city.value == "SY04-HOMS"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("عقدت الجلسة يوم الخميس 12 تشرين الثاني 2026", date(2026, 11, 12)),
        ("في الرابع عشر من تشرين الأول الماضي", date(2026, 10, 14)),
        ("في الحادي والعشرين من كانون الثاني", date(2026, 1, 21)),
        ("يوم 15 أكتوبر", date(2026, 10, 15)),
        ("يوم 3 آذار", date(2026, 3, 3)),
        ("اليوم", date(2026, 11, 16)),
        ("أمس", date(2026, 11, 15)),
        ("يوم السبت", date(2026, 11, 14)),
        ("on Saturday 7 November", date(2026, 11, 7)),
        ("on December 3", date(2025, 12, 3)),  # after publication: the year before
        ("2026/10/20", date(2026, 10, 20)),
        ("3/11/2026", date(2026, 11, 3)),
        ("yesterday", date(2026, 11, 15)),
    ],
)
def test_dates_against_the_publication_date(text, expected):
    found = find_dates(normalize(text), date(2026, 11, 16))
    assert found and found[0].value == expected


def test_unknown_date_stays_empty(file_reference):
    reference, _ = file_reference
    draft = extract("نظمت جمعية النور جلسة حوارية في حمص.", date(2026, 11, 1), reference)
    assert draft.held_on is None and "held_on" in draft.missing()


def test_sectors_named_without_numbers_are_noted_not_counted(file_reference):
    reference, _ = file_reference
    draft = extract(
        "نظم المركز جلسة حوارية في حمص بمشاركة ممثلين عن المجتمع المدني ورجال الدين.",
        date(2026, 11, 1),
        reference,
    )
    assert {s.value for s in draft.sectors} == {"civil_society", "religious"}
    assert draft.participants_total is None


def test_more_than_is_not_a_count(file_reference):
    reference, _ = file_reference
    draft = extract("جلسة في حمص شارك فيها أكثر من 60 معلماً.", date(2026, 11, 1), reference)
    assert draft.participants_total is None and draft.notes


def test_an_axis_without_a_good_theme_keeps_its_text(file_reference):
    reference, _ = file_reference
    draft = extract(
        "وتناولت الجلسة ترتيبات الرحلة السنوية للفريق، وتوزيع المهام الإدارية.",
        date(2026, 11, 1),
        reference,
    )
    assert [a.text for a in draft.axes] == [
        "ترتيبات الرحلة السنوية للفريق",
        "توزيع المهام الإدارية",
    ]
    assert all(a.theme_code is None for a in draft.axes)


def test_the_same_text_gives_the_same_draft(file_reference):
    reference, _ = file_reference
    name, text, gold = CASES[0]
    first = extract(text, evaluation.published(gold), reference).as_json()
    assert extract(text, evaluation.published(gold), reference).as_json() == first
