"""The dialogue layer: visible dialogues only, at their city (nudged), venues only for the
organiser's own staff; clustered on the server for the view asked for, at most MAX_FEATURES
features whatever the number of dialogues, a fixed number of queries, and an ETag."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.dialogues.visibility import visible_dialogues
from app.extensions import db
from app.maps.clusters import MAX_FEATURES
from app.maps.queries import NUDGE_STEP, nudge

# Zoomed in on Homs and Hama (the world's cities): a few dialogues each, every one a point.
CLOSE = "zoom=12&bbox=36.0,34.0,37.5,35.5"


def points(client, login, user, query=""):
    if user is not None:
        login(user)
    response = client.get(f"/map/points.json{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response.cache_control.private and response.cache_control.no_cache
    assert response.headers["ETag"]
    return response.get_json()


@pytest.mark.parametrize("role", ["anonymous", "organizer", "donor", "partner"])
def test_every_visible_dialogue_and_no_other_is_a_point(client, login, world, role):
    user = world["users"][role]
    expected = set(db.session.scalars(visible_dialogues(user).with_only_columns(db.text("id"))))
    data = points(client, login, user, f"?{CLOSE}")
    assert {row[0] for row in data["points"]} == expected
    assert data["clusters"] == [] and data["total"] == len(expected)


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
    first = points(client, login, None, f"?{CLOSE}")["points"]
    again = points(client, login, None, f"?{CLOSE}")["points"]
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
        data = points(client, login, user, f"?{CLOSE}")
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


@pytest.mark.parametrize("n", [400])
def test_queries_are_fixed_and_features_bounded(client, login, make, world, count_queries, n):
    organizer = world["users"]["organizer"]
    login(organizer)
    with count_queries() as few:
        client.get("/map/points.json")
    for i in range(n):
        make.dialogue(city=world["homs"] if i % 2 else world["hama"])
    expected = len(db.session.scalars(visible_dialogues(organizer)).all())
    for view in ("", f"?{CLOSE}", "?zoom=3&bbox=-180,-85,180,85"):
        with count_queries() as many:
            data = points(client, login, None, view)  # still signed in as the organiser
        # The first view places the dialogues (as many queries as with a handful); the others
        # re-bin the positions kept for this audience and data version (one query fewer).
        assert len(many) == (len(few) if view == "" else len(few) - 1)
        assert len(data["points"]) + len(data["clusters"]) <= MAX_FEATURES
        # Every visible dialogue is in view, once: as a point or counted in a cluster.
        assert len(data["points"]) + sum(c[2] for c in data["clusters"]) == expected
        assert data["total"] == expected
        assert data["clusters"]  # 400 dialogues in two cities cannot all be points


def test_a_view_gets_only_what_is_in_its_box(client, login, world):
    # Around Hama only (35.13, 36.75): Homs (34.73) is south of the box.
    data = points(client, login, None, "?zoom=12&bbox=36.5,35.0,37.0,35.3")
    assert data["total"] == 1
    assert [(row[1], row[2]) for row in data["points"]] == [(35.13, 36.75)]


@pytest.mark.parametrize(
    "query", ["?zoom=x&bbox=1,2,3", "?zoom=&bbox=nan,0,inf,1", "?bbox=5,5,1,1", "?bbox=a,b,c,d"]
)
def test_a_malformed_view_falls_back_to_the_country(client, login, world, query):
    assert points(client, login, None, query) == points(client, login, None)


def test_a_zoom_out_of_range_is_brought_within_the_maps_zooms(client, login, world):
    from app.maps.rendering import MAX_ZOOM

    assert points(client, login, None, "?zoom=99")["zoom"] == MAX_ZOOM
    assert points(client, login, None, "?zoom=-4")["zoom"] == 0


def test_an_unchanged_view_is_not_sent_again_until_the_data_changes(client, login, world, make):
    first = client.get(f"/map/points.json?{CLOSE}")
    etag = first.headers["ETag"]
    again = client.get(f"/map/points.json?{CLOSE}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make.dialogue(city=world["homs"])
    changed = client.get(f"/map/points.json?{CLOSE}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["total"] == first.get_json()["total"] + 1


def test_the_map_page_carries_the_points_link_with_its_filters(client, world):
    body = client.get(f"/map?theme={world['t1'].id}").get_data(as_text=True)
    assert f'data-points-url="/map/points.json?theme={world["t1"].id}"' in body
    assert "/static/js/hiwar-map.js" in body
