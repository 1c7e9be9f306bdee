"""The map without tiles: the outline of Syria and its governorates, shipped with the app and
served by it; theme colours that can be told apart, with "other" beyond the palette."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from app.maps import rendering
from app.maps.queries import CityAggregate

ROOT = Path(__file__).resolve().parents[2]
OUTLINE = ROOT / "app" / "static" / "geo" / "syria-governorates.geojson"


def governorates() -> dict[str, tuple[str, str]]:
    with (ROOT / "app" / "places" / "data" / "syria_places.csv").open(encoding="utf-8") as f:
        return {row[0]: (row[1], row[2]) for row in csv.reader(f) if row[3:4] == ["governorate"]}


def test_the_outline_has_every_governorate_with_its_p_code_and_names():
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    features = {f["properties"]["code"]: f for f in data["features"]}
    expected = governorates()
    assert set(features) == set(expected) and len(features) == 14
    for code, (name_en, name_ar) in expected.items():
        assert features[code]["properties"]["name_en"] == name_en
        assert features[code]["properties"]["name_ar"] == name_ar
        for polygon in features[code]["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4  # closed rings
                for lon, lat in ring:
                    assert 35.5 <= lon <= 42.5 and 32.2 <= lat <= 37.4
    assert "Natural Earth" in data["source"]


def test_the_outline_is_light():
    assert OUTLINE.stat().st_size < 20_000  # simplified: about 13 kB, 4 kB compressed


def test_the_app_serves_the_outline_itself(client):
    response = client.get("/static/geo/syria-governorates.geojson")
    assert response.status_code == 200
    assert len(json.loads(response.data)["features"]) == 14


def test_the_map_frames_point_at_the_local_outline(client, world):
    html = client.get("/map").get_data(as_text=True)
    assert 'data-outline-url="/static/geo/syria-governorates.geojson"' in html
    assert 'data-outline-fill="1"' in html  # the tests run without tiles: land is filled


def test_with_tiles_the_outline_is_drawn_but_not_filled(app, client, world):
    app.config["MAP_TILES"] = "openstreetmap"
    try:
        html = client.get("/map").get_data(as_text=True)
    finally:
        app.config["MAP_TILES"] = "none"
    assert "data-outline-url=" in html and "data-outline-fill" not in html


def test_the_builder_keeps_shared_borders_as_one_line():
    from app.maps.build_outline import simplify

    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 1.0)]
    assert simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]


def city(city_id, theme_id, count=1, name=None):
    themes = [(theme_id, name or f"ث{theme_id}", name or f"T{theme_id}", count)] if theme_id else []
    return CityAggregate(
        city_id=city_id, code=f"C{city_id}", name_ar="", name_en="", lat=35, lon=38, themes=themes
    )


def test_the_palette_is_okabe_ito_without_repeats():
    assert len(set(rendering.THEME_PALETTE)) == len(rendering.THEME_PALETTE) == 7
    assert {c.upper() for c in rendering.THEME_PALETTE} <= {
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"
    }  # fmt: skip
    assert rendering.OTHER_THEME_COLOUR not in rendering.THEME_PALETTE
    assert rendering.NO_THEME_COLOUR not in rendering.THEME_PALETTE


def test_the_themes_leading_most_cities_get_the_colours_and_the_rest_are_other(app):
    # theme 9 leads 3 cities, theme 2 leads 2, themes 10..16 one each; one city has no theme
    cities = [city(i, 9) for i in range(3)] + [city(10 + i, 2) for i in range(2)]
    cities += [city(20 + t, t, count=5 - (t % 3)) for t in range(10, 17)] + [city(99, None)]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        colours = rendering.theme_colours(cities)
        assert colours.of(cities[0]) == rendering.THEME_PALETTE[0]
        assert colours.of(cities[3]) == rendering.THEME_PALETTE[1]
        used = {colours.of(c) for c in cities}
        assert rendering.OTHER_THEME_COLOUR in used and rendering.NO_THEME_COLOUR in used
        assert len(colours.colours) == 7  # two leaders + five of the single-city themes
        # one city each: the most dialogues first, then the older theme
        assert list(colours.colours)[2:] == [12, 15, 10, 13, 16]
        legend = [text for _colour, text in colours.legend]
        assert legend[:2] == ["T9", "T2"] and legend[-2:] == ["Other themes", "No theme recorded"]
        assert len({colour for colour, _text in colours.legend}) == len(colours.legend)


def test_two_themes_that_shared_a_red_are_now_told_apart(app):
    # Before: theme ids 1 and 13 both fell on the palette's red (id % 12).
    cities = [city(1, 1), city(2, 13)]
    with app.test_request_context():
        colours = rendering.theme_colours(cities)
    assert colours.of(cities[0]) != colours.of(cities[1])


def test_the_map_page_has_a_theme_legend_in_rank_order(client, world):
    html = client.get("/map", headers={"Accept-Language": "en"}).get_data(as_text=True)
    legend = html.split('data-testid="theme-legend"', 1)[1].split("</ul>", 1)[0]
    assert rendering.THEME_PALETTE[0] in legend
