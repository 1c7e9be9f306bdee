"""The national map: city aggregates by visibility and filters, escaping, fixed size and queries."""

import html
import json
import re

import pytest

from app.dialogues.filters import DialogueFilters
from app.maps.queries import city_aggregates
from app.maps.rendering import popup_text, render_map
from tests.core.test_pages import foreign_references


def map_data(body):
    """The cities and labels that the page hands to static/js/hiwar-map.js."""
    found = re.search(r'<script type="application/json" id="map_\w+-data">(.*?)</script>', body)
    assert found, "no map data on the page"
    return json.loads(found.group(1))


def by_city(user, filters=None):
    return {city.name_en: city for city in city_aggregates(user, filters or DialogueFilters())}


# role: (Homs dialogues, participants, outcomes by status, verified achieved, top theme),
#       Hama dialogues — counted by hand from the fixture.
EXPECTED = {
    "anonymous": ((1, 30, {"achieved": 2, "in_progress": 1}, 1, "Safety"), 1),
    "donor": ((2, 50, {"achieved": 3, "in_progress": 1}, 2, "Safety"), 1),  # tie: older theme
    "organizer": ((3, 60, {"achieved": 3, "in_progress": 1, "stalled": 1}, 2, "Water"), 2),
    "partner": ((1, 30, {"achieved": 2, "in_progress": 1}, 1, "Safety"), 2),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_gets_exactly_the_aggregates_its_visibility_allows(app, world, role):
    (dialogues, participants, statuses, verified, theme), hama = EXPECTED[role]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        cities = by_city(world["users"][role])
    homs = cities["Homs"]
    assert (homs.dialogues, homs.participants) == (dialogues, participants)
    assert {status.value: n for status, n in homs.outcomes_by_status.items()} == statuses
    assert homs.achieved_verified == verified
    assert homs.share_achieved == verified / sum(statuses.values())
    assert homs.top_theme == theme
    assert cities["Hama"].dialogues == hama
    assert cities["Hama"].share_achieved is None


def test_a_dialogue_saved_while_the_map_is_counted_waits_for_the_next_load(
    app, world, make, db, monkeypatch
):
    """Each query reads what is committed when it runs (PostgreSQL's READ COMMITTED): a dialogue
    in a new city saved after the count per city was a KeyError (500) in the load test."""
    real_execute = db.session.execute
    calls = []

    def execute(*args, **kwargs):
        if len(calls) == 1:  # the dialogues per city were counted; another request saves one
            late = make.dialogue(city=make.city(name_en="Late"))
            make.outcome(dialogue=late, theme=world["t1"])
            make.axis(dialogue=late, theme=world["t1"])
            db.session.flush()
        calls.append(args[0])
        return real_execute(*args, **kwargs)

    monkeypatch.setattr(db.session, "execute", execute)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        cities = by_city(None)
    assert "Late" not in cities and cities["Homs"].dialogues == 1


def test_filters_narrow_the_aggregates(app, world):
    organizer = world["users"]["organizer"]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        by_theme = by_city(organizer, DialogueFilters(theme_id=world["t2"].id))
        by_governorate = by_city(
            organizer, DialogueFilters(governorate_id=world["hama"].governorate_id)
        )
    assert list(by_theme) == ["Homs"] and by_theme["Homs"].dialogues == 2
    assert by_theme["Homs"].participants == 30
    assert list(by_governorate) == ["Hama"] and by_governorate["Hama"].dialogues == 2


def test_the_page_shows_the_table_and_the_list_link_keeps_the_filters(client, login, world):
    login(world["users"]["organizer"])
    theme_id = world["t2"].id
    page = client.get(f"/map?theme={theme_id}", headers={"Accept-Language": "en"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/dialogues/?theme={theme_id}" data-testid="as-list"' in body
    assert 'data-testid="active-filters"' in body
    table = body.split('data-testid="map-table"')[1]
    homs_row = table.split(f'data-testid="city-{world["homs"].id}"')[1].split("</tr>")[0]
    assert '<td data-testid="dialogues">2</td>' in homs_row
    assert '<td data-testid="participants">30</td>' in homs_row
    assert f'data-testid="city-{world["hama"].id}"' not in table
    assert [city["name"] for city in map_data(body)["cities"]] == ["Homs"]


def test_the_popup_links_to_the_city_dashboard_and_to_the_filtered_list(client, world):
    body = client.get("/map", headers={"Accept-Language": "en"}).get_data(as_text=True)
    homs = next(city for city in map_data(body)["cities"] if city["name"] == "Homs")
    assert homs["list"] == f"/dialogues/?city={world['homs'].id}"
    assert homs["dashboard"] == f"/cities/{world['homs'].code}"
    assert homs["rows"][:2] == [["Dialogues", "1"], ["Participants", "30"]]
    assert len(map_data(body)["cities"]) == 2
    assert "L.circleMarker(" not in body  # drawn by our script from the data, not by folium


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "${alert(1)}",
    "`; alert(1); `",
    'it\'s "quoted"',
    "\\`${alert(1)}",
    "\u202eevil\u202c txt.exe",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_popup_text_leaves_nothing_for_html_or_a_js_template_string(payload):
    escaped = popup_text(payload)
    assert not set(escaped) & set("<>\"'`$\\")
    assert html.unescape(escaped) == payload  # shown verbatim


def test_planted_names_stay_data_in_the_page(client, make):
    """Names travel as JSON inside a data block that no browser runs; `</script>` cannot end it
    early (tojson escapes < > &). The browser test shows them as text in the popups."""
    payload = "</script><img src=x onerror=alert(1)>${alert(1)}`\\\u202e"
    city = make.city(name_en=payload, name_ar=payload)
    make.axis(dialogue=make.dialogue(city=city), theme=make.theme(name_en=payload))
    body = client.get("/map", headers={"Accept-Language": "en"}).get_data(as_text=True)
    data = map_data(body)
    assert data["cities"][0]["name"] == payload
    assert data["cities"][0]["themes"] == [payload]
    assert "<img src=x" not in body and "</script><img" not in body


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_map_page_asks_no_other_host(client, world, language):
    body = client.get("/map", headers={"Accept-Language": language}).get_data(as_text=True)
    assert foreign_references(body) == []
    assert "/vendor/leaflet/leaflet.js" in body
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs", "bootstrapcdn", "tile.openstreetmap"):
        assert cdn not in body
    assert "user-scalable=no" not in body


def test_openstreetmap_tiles_come_with_their_attribution(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        rendered = render_map("openstreetmap")
    assert "tile.openstreetmap.org" in rendered.script
    assert "OpenStreetMap" in rendered.script and "contributors" in rendered.script
    assert "cdn" not in str(rendered.header)


def _dialogues(make, cities, organizer, n):
    for i in range(n):
        make.dialogue(city=cities[i % len(cities)], organizer=organizer)


@pytest.mark.parametrize("n", [300])
def test_queries_and_page_size_do_not_grow_with_the_dialogues(
    client, make, count_queries, login, n
):
    cities = [make.city(name_en=f"C{i}", name_ar=f"م{i}") for i in range(5)]
    organizer = make.organization()
    login(make.user(organization=organizer))
    _dialogues(make, cities, organizer, 10)
    make.outcome(dialogue=make.dialogue(city=cities[0], organizer=organizer))
    with count_queries() as few:
        small = client.get("/map", headers={"Accept-Language": "en"}).get_data(as_text=True)
    _dialogues(make, cities, organizer, n - 10)
    with count_queries() as many:
        large = client.get("/map", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert len(many) == len(few)
    assert len(map_data(large)["cities"]) == len(map_data(small)["cities"]) == 5
    assert abs(len(large) - len(small)) < 200  # only the digits of the counts change
