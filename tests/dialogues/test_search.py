"""Search on the dialogue list: Arabic normalisation, English case, place aliases, literal
wildcards, the visibility rule and a fixed number of queries; the same on SQLite and PostgreSQL."""

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.dialogues.models import Visibility
from app.dialogues.search import cities_named_by, place_key
from app.extensions import db
from app.places.models import Place
from app.search.indexing import dialogue_search_text
from app.search.normalize import search_terms

EN = {"Accept-Language": "en"}


def search(client, q: str, **params) -> str:
    response = client.get(f"/dialogues/?{urlencode({'q': q, **params})}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def found(html: str, *titles: str) -> set[str]:
    return {title for title in titles if f"<bdi>{title}</bdi>" in html}


def indexed(dialogue):
    """What the dialogue services do on every save: the normalised search text."""
    dialogue.search_text = dialogue_search_text(dialogue)
    return dialogue


@pytest.fixture
def arabic_dialogues(make):
    indexed(make.dialogue(title_ar="السلامة المجتمعية في حمص", title_en="Community safety"))
    indexed(make.dialogue(title_ar="أمن الأحياء", title_en="Neighbourhood security"))
    indexed(make.dialogue(title_ar="إعادة الإعمار", title_en="Reconstruction"))
    return ("Community safety", "Neighbourhood security", "Reconstruction")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("السلامه", {"Community safety"}),  # ه for ة
        ("السلامة", {"Community safety"}),
        ("السَّلَامَةُ المُجتَمَعِيَّة", {"Community safety"}),  # with harakat
        ("الســلامة", {"Community safety"}),  # with tatweel
        ("امن", {"Neighbourhood security"}),  # without its hamza
        ("آمن", {"Neighbourhood security"}),  # another alef
        ("أَمْن", {"Neighbourhood security"}),
        ("اعاده", {"Reconstruction"}),  # إ and ة at once
        ("السلامة حمص", {"Community safety"}),  # every term must match
        ("السلامة حلب", set()),
    ],
)
def test_arabic_spelling_variants_find_the_same_dialogue(client, arabic_dialogues, query, expected):
    assert found(search(client, query), *arabic_dialogues) == expected


@pytest.mark.parametrize("query", ["community SAFETY", "Community", "sAfEtY"])
def test_english_search_ignores_case(client, arabic_dialogues, query):
    assert found(search(client, query), *arabic_dialogues) == {"Community safety"}


@pytest.mark.parametrize("part", ["axis", "priority", "outcome", "summary"])
def test_search_covers_axes_priorities_outcomes_and_summaries(client, make, part):
    dialogue = make.dialogue(title_en="Holder")
    text = "مخلفات الحرب القابلة للانفجار"
    if part == "summary":
        dialogue.summary_ar = text
    else:
        getattr(make, part)(dialogue=dialogue, **{"title" if part == "axis" else "text": text})
    indexed(dialogue)
    indexed(make.dialogue(title_en="Bystander"))
    assert found(search(client, "مخلفات للانفجار"), "Holder", "Bystander") == {"Holder"}


@pytest.fixture
def palmyra(make, reference_data):
    tadmor = db.session.scalar(sa.select(Place).where(Place.code == "SY04-TADMOR"))
    homs = db.session.scalar(sa.select(Place).where(Place.code == "SY04-HOMS"))
    indexed(make.dialogue(city=tadmor, title_ar="حوار في البادية", title_en="Desert talks"))
    indexed(make.dialogue(city=homs, title_en="Homs talks", title_ar="حوار حمص"))
    indexed(
        make.dialogue(city=homs, title_en="The future of Palmyra, seen from Homs", title_ar=None)
    )
    return ("Desert talks", "Homs talks", "The future of Palmyra, seen from Homs")


@pytest.mark.parametrize("query", ["palmyra", "Palmyra", "tadmur", "Tadmor", "تدمر", "تَدْمُر"])
def test_a_place_alias_finds_the_dialogues_held_there(client, palmyra, query):
    shown = found(search(client, query), *palmyra)
    assert "Desert talks" in shown  # held in Tadmor, never naming it
    assert "Homs talks" not in shown


def test_a_place_name_and_a_word_must_both_match(client, palmyra):
    assert found(search(client, "تدمر البادية"), *palmyra) == {"Desert talks"}
    assert found(search(client, "تدمر المدينة"), *palmyra) == set()


def test_text_naming_the_place_is_still_found(client, palmyra):
    assert found(search(client, "palmyra"), *palmyra) == {
        "Desert talks",
        "The future of Palmyra, seen from Homs",
    }


def test_aliases_are_looked_up_in_one_query(make, reference_data, count_queries):
    terms = search_terms("Palmyra Tadmur تدمر Deir ez-Zor حماة")
    with count_queries() as statements:
        named = cities_named_by(terms)
    assert len(statements) == 1
    tadmor = db.session.scalar(sa.select(Place.id).where(Place.code == "SY04-TADMOR"))
    deir = db.session.scalar(sa.select(Place.id).where(Place.code == "SY09-DEIREZZOR"))
    hama = db.session.scalar(sa.select(Place.id).where(Place.code == "SY05-HAMA"))
    assert named["palmyra"] == named["tadmur"] == named["تدمر"] == {tadmor}
    assert named["deir"] == named["ez-zor"] == {deir}  # a name of several words
    assert named["حماه"] == {hama}  # ة → ه


def test_place_keys_drop_the_article_spaces_and_hyphens():
    assert place_key("الرستن") == place_key("رستن")
    assert place_key("تل كلخ") == place_key("تلكلخ")
    assert place_key("Deir-ez-Zor") == place_key("deir ez-zor") == place_key("Deir ez Zor")
    assert place_key("Al-Bab") == place_key("bab")
    assert place_key("Aleppo") == "aleppo"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("%", {"100% turnout"}), ("_", {"snake_case"}), ("100%", {"100% turnout"}), ("%_", set())],
)
def test_wildcards_in_a_query_are_literal(client, make, query, expected):
    titles = ("100% turnout", "snake_case", "Plain")
    for title in titles:
        indexed(make.dialogue(title_en=title, title_ar=None))
    assert found(search(client, query), *titles) == expected


def test_a_blank_or_marks_only_query_lists_everything(client, make):
    indexed(make.dialogue(title_en="Anything"))
    assert "Anything" in search(client, "   ")
    assert "Anything" in search(client, "\u064e\u0640")  # a fatha and a tatweel


def test_search_never_reveals_a_dialogue_the_user_may_not_see(client, login, make):
    for visibility in Visibility:
        indexed(
            make.dialogue(
                visibility=visibility, title_en=f"Secret {visibility} meeting", title_ar=None
            )
        )
    titles = [f"Secret {v} meeting" for v in Visibility]
    assert found(search(client, "secret"), *titles) == {"Secret public meeting"}
    login(make.user(role=Role.PARTNER))
    html = search(client, "secret meeting", visibility="internal")
    assert found(html, *titles) == set()


def test_search_combines_with_filters(client, make):
    city = make.city()
    indexed(make.dialogue(city=city, title_en="Water here", title_ar=None))
    indexed(make.dialogue(title_en="Water elsewhere", title_ar=None))
    assert found(search(client, "water", city=city.id), "Water here", "Water elsewhere") == {
        "Water here"
    }


def test_the_search_box_keeps_the_query_and_shows_it_as_a_filter(client, make):
    html = search(client, "<b>أمن</b>")
    assert 'value="&lt;b&gt;أمن&lt;/b&gt;"' in html
    assert "Search: <bdi>&lt;b&gt;أمن&lt;/b&gt;</bdi>" in html


def test_search_results_are_counted_and_paged_newest_first(client, make):
    city = make.city()
    for day in range(1, 56):
        indexed(
            make.dialogue(
                city=city, held_on=date(2025, 1, 1) + timedelta(days=day), title_en=f"Water {day}"
            )
        )
    indexed(make.dialogue(city=city, title_en="Something else", title_ar=None))
    first = search(client, "water")
    assert "55 dialogues" in first
    assert first.count("<tr>") == 1 + 50
    assert first.index("<bdi>Water 55</bdi>") < first.index("<bdi>Water 54</bdi>")
    assert 'href="/dialogues/?page=2&amp;q=water"' in first
    second = search(client, "water", page=2)
    assert second.count("<tr>") == 1 + 5
    assert "<bdi>Water 1</bdi>" in second and "<bdi>Water 6</bdi>" not in second
    past_the_end = search(client, "water", page=9)
    assert "55 dialogues" in past_the_end  # counted without a page to count from
    assert "<tr>" not in past_the_end


def build_dialogues(make, count, city):
    organiser, theme = make.organization(), make.theme()
    for number in range(count):
        dialogue = make.dialogue(organizer=organiser, city=city, title_ar=f"حوار الأمان {number}")
        make.axis(dialogue=dialogue, theme=theme, title="السلامة المجتمعية")
        make.priority(dialogue=dialogue, theme=theme)
        make.outcome(dialogue=dialogue, theme=theme)
        indexed(dialogue)


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_runs_the_same_number_of_queries_for_10_and_500_dialogues(
    client, login, make, reference_data, count_queries, signed_in
):
    tadmor = db.session.scalar(sa.select(Place).where(Place.code == "SY04-TADMOR"))
    if signed_in:
        login(make.user(role=Role.DONOR))
    path = f"/dialogues/?{urlencode({'q': 'السلامه tadmur', 'status': 'held'})}"
    build_dialogues(make, 10, tadmor)
    client.get(path)  # warm up
    with count_queries() as small:
        assert "10 dialogues" in client.get(path, headers=EN).get_data(as_text=True)
    build_dialogues(make, 490, tadmor)
    client.get(path)
    with count_queries() as large:
        assert "500 dialogues" in client.get(path, headers=EN).get_data(as_text=True)
    assert len(large) == len(small)


@pytest.mark.parametrize("query", ['say "peace"', 'قال "سلام"', "50%_off", "ab"])
def test_quotes_wildcards_and_short_terms_are_plain_text(client, make, query):
    from app.search.indexing import build_search_text

    title = f"text with {query} inside"
    make.dialogue(title_en=title, search_text=build_search_text(titles=[title]))
    make.dialogue(title_en="something else", search_text=build_search_text(titles=["unrelated"]))
    html = client.get("/dialogues/", query_string={"q": query}, headers={"Accept-Language": "en"})
    body = html.get_data(as_text=True)
    assert html.status_code == 200
    assert title.replace('"', "&#34;") in body or title in body
    assert "something else" not in body
