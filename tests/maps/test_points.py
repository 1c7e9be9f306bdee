"""The cluster layer's points: visible dialogues only, at their city (nudged), venues only for the
organiser's own staff, a compact body and a fixed number of queries."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.maps.queries import NUDGE_STEP, nudge


def points(client, login, user, query=""):
    if user is not None:
        login(user)
    response = client.get(f"/map/points.json{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private"
    return response.get_json()


@pytest.mark.parametrize("role", ["anonymous", "organizer", "donor", "partner"])
def test_every_visible_dialogue_and_no_other_is_a_point(client, login, world, role):
    user = world["users"][role]
    expected = set(db.session.scalars(visible_dialogues(user).with_only_columns(db.text("id"))))
    data = points(client, login, user)
    assert {row[0] for row in data["points"]} == expected


def test_the_map_filters_apply_to_the_points(client, login, world):
    data = points(client, login, world["users"]["organizer"], f"?city={world['hama'].id}")
    assert {(row[1], row[2]) for row in data["points"]} <= {
        nudge(35.13, 36.75, rank) for rank in range(2)
    }
    assert len(data["points"]) == 2


def test_a_citys_dialogues_are_nudged_apart_deterministically(client, login, world, make):
    homs = world["homs"]
    for _ in range(5):
        make.dialogue(city=homs)
    first = points(client, login, None)["points"]
    again = points(client, login, None)["points"]
    assert first == again
    at_homs = [(row[1], row[2]) for row in first if abs(row[1] - 34.73) < 0.1]
    assert at_homs[0] == (34.73, 36.71)  # the first sits on the city's point
    assert len(set(at_homs)) == len(at_homs)  # the others apart from it and from each other
    for lat, lon in at_homs:
        assert abs(lat - 34.73) <= NUDGE_STEP * 3 and abs(lon - 36.71) <= NUDGE_STEP * 4


def test_only_the_organisers_staff_get_the_venue(client, login, world, make):
    organizer = world["users"]["organizer"]
    venue = (34.7411111, 36.7222222)
    dialogue = make.dialogue(
        city=world["homs"], organizer=organizer.organization, venue_lat=venue[0], venue_lon=venue[1]
    )
    viewers = {**world["users"], "admin": make.user(role=Role.ADMIN)}
    for role, user in viewers.items():
        with client.session_transaction() as session:
            session.clear()
        data = points(client, login, user)
        row = next((row for row in data["points"] if row[0] == dialogue.id), None)
        if role == "organizer":
            assert (row[1], row[2], row[6]) == (*venue, 1)
        elif row is not None:  # seen, but at the city, even by an admin
            assert (row[1], row[2]) != venue and row[6] == 0
            assert abs(row[1] - 34.73) < 0.05


def test_titles_arrive_as_data_not_html(client, login, world, make):
    payload = "<img src=x onerror=alert(1)>${alert(2)}`"
    make.dialogue(city=world["homs"], title_en=payload, title_ar=None)
    data = points(client, login, None)
    assert payload in [row[3] for row in data["points"]]


@pytest.mark.parametrize("n", [300])
def test_queries_are_fixed_and_each_point_is_small(client, login, make, world, count_queries, n):
    organizer = world["users"]["organizer"]
    login(organizer)
    with count_queries() as few:
        small = client.get("/map/points.json").get_data()
    for i in range(n):
        make.dialogue(city=world["homs"] if i % 2 else world["hama"])
    with count_queries() as many:
        large = client.get("/map/points.json").get_data()
    assert len(many) == len(few)
    assert (len(large) - len(small)) / n < 120  # bytes per point: no HTML, no URLs


def test_the_map_page_carries_the_points_link_with_its_filters(client, world):
    body = client.get(f"/map?theme={world['t1'].id}").get_data(as_text=True)
    assert f'data-points-url="/map/points.json?theme={world["t1"].id}"' in body
    assert "/static/js/hiwar-map.js" in body
