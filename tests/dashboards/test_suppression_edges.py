"""The edges of disclosure control on participant figures, as viewers see them.

Written against what must hold whatever the method (today random rounding to base 5 with
counts of 1 to 4 withheld, app/dashboards/disclosure.py): zero is zero for everyone; a small total
is not shown to the public, nor a share of it; staff see exact figures, small ones included, on
the national total and the map; no page fails on a place with nobody counted; the Arabic page
keeps "<5" left-to-right. Kept apart so that a change of method adapts one file.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.auth.models import Role
from app.dashboards import suppression
from app.dashboards.disclosure import Records
from app.dashboards.forms import DashboardFilters
from app.dashboards.indicators import overview, place_indicators
from app.dialogues.filters import DialogueFilters
from app.maps.queries import city_aggregates

ROLES = ["anonymous", "donor", "partner", "organizer", "admin"]
PUBLIC = ["anonymous", "donor"]
STAFF = ["partner", "organizer", "admin"]


def people(total, women, men, youth=0):
    return {
        "participants_total": total,
        "participants_women": women,
        "participants_men": men,
        "participants_youth": youth,
    }


@pytest.fixture
def places(make, db):
    """Four cities of one governorate, each with one public dialogue: Nobody (0 people),
    Few (3 people, no women), Five (exactly 5: 2 women, 3 men), Many (40: 15 women, 25 men)."""
    governorate = make.governorate(code="SY08", name_en="Edge", name_ar="طرف")
    organiser = make.organization()
    cities = {}
    for code, name, counts in (
        ("SY08-NOBODY", "Nobody", people(0, 0, 0)),
        ("SY08-FEW", "Few", people(3, 0, 3)),
        ("SY08-FIVE", "Five", people(5, 2, 3)),
        ("SY08-MANY", "Many", people(40, 15, 25, 10)),
    ):
        city = make.city(code=code, name_en=name, governorate=governorate)
        make.dialogue(city=city, organizer=organiser, held_on=date(2026, 10, 1), **counts)
        cities[name] = city
    users = {
        "anonymous": None,
        "donor": make.user(role=Role.DONOR, organization=make.organization(kind="donor")),
        "partner": make.user(role=Role.PARTNER),
        "organizer": make.user(role=Role.ORGANIZER, organization=organiser),
        "admin": make.user(admin=True),
    }
    db.session.commit()
    return {"cities": cities, "users": users}


def figure(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">(.*?)</(?:td|div)>', html, re.S)
    assert match, testid
    return match.group(1).strip()


def dashboard(client, login, places, role, city, language="en"):
    user = places["users"][role]
    if user is not None:
        login(user)
    response = client.get(
        f"/cities/{places['cities'][city].code}",
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_a_place_with_nobody_counted_renders_for_every_role(client, login, places, role):
    html = dashboard(client, login, places, role, "Nobody")
    assert figure(html, "total") == "0"
    assert figure(html, "women") == "0"
    assert "Women: –, youth: –" in html  # a share of nobody is no share
    for path in ("/dashboard", "/map", "/map/points.json"):
        assert client.get(path, headers={"Accept-Language": "en"}).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_nobody_counted_is_zero_in_the_figures(app, places, role):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        board = place_indicators(
            places["users"][role], places["cities"]["Nobody"], DashboardFilters()
        )
        p = board.participants
        assert (str(p.total), p.share_women, p.share_youth) == ("0", "–", "–")
        assert all(str(cell) == "0" for cell in p.by_sex.values())


@pytest.mark.parametrize("role", PUBLIC)
def test_under_a_small_total_the_public_sees_no_share_even_of_no_women(
    client, login, app, places, role
):
    html = dashboard(client, login, places, role, "Few")
    assert figure(html, "total") != "3"
    assert "Women: –, youth: –" in html and "Women: 0%" not in html
    with app.test_request_context(headers={"Accept-Language": "en"}):
        rows = {row.code: row for row in overview(places["users"][role], DashboardFilters()).rows}
        few = rows["SY08-FEW"]
        assert not few.participants.shown
        assert (few.share_women, few.share_youth) == ("–", "–")


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_a_small_total_and_its_shares_exactly(client, login, places, role):
    html = dashboard(client, login, places, role, "Few")
    assert figure(html, "total") == "3"
    assert figure(html, "women") == "0"
    assert "Women: 0%" in html


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_exact_small_totals_nationally_and_on_the_map(client, login, app, places, role):
    user = places["users"][role]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(overview(user, DashboardFilters()).total_participants) == "48"
        on_map = {c.code: c for c in city_aggregates(user, DialogueFilters())}
        assert on_map["SY08-FEW"].participants_shown.text() == "3"
        assert on_map["SY08-NOBODY"].participants_shown.text() == "0"
    login(user)
    html = client.get("/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r'data-testid="total-participants">.*?>48<', html, re.S)


@pytest.mark.parametrize("role", PUBLIC)
def test_the_public_national_figure_and_map_give_no_small_total(app, places, role):
    user = places["users"][role]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        total = overview(user, DashboardFilters()).total_participants
        assert total.shown and total.value != 48  # the 3 of Few cannot be worked back out
        on_map = {c.code: c for c in city_aggregates(user, DialogueFilters())}
        assert not on_map["SY08-FEW"].participants_shown.shown
        assert on_map["SY08-FEW"].participants_shown.text() != "3"
        assert on_map["SY08-NOBODY"].participants_shown.text() == "0"


@pytest.mark.parametrize("role", ROLES)
def test_exactly_five_shows_as_five(client, login, places, role):
    html = dashboard(client, login, places, role, "Five")
    assert figure(html, "total") == "5"


def test_zero_and_the_threshold_itself_are_shown(app):
    with app.app_context():
        assert suppression.threshold() == 5
        for suppressed in (True, False):
            cells = suppression.Cells(suppressed)
            for ids in ([], [1], [7, 9], [3, 4, 5]):
                records = Records.of(ids)
                assert cells(0, records, "total").text() == "0"
                assert cells(5, records, "total").text() == "5"
                assert cells(10, records, "women").text() == "10"
        public, staff = suppression.Cells(True), suppression.Cells(False)
        for value in (1, 4):
            assert public(value, Records.of([1]), "total").text() == "<5"
            assert staff(value, Records.of([1]), "total").text() == str(value)


def test_the_arabic_page_keeps_less_than_five_left_to_right(client, login, places):
    html = dashboard(client, login, places, "anonymous", "Few", language="ar")
    total = figure(html, "total")
    assert total == '<bdi dir="ltr">&lt;5</bdi>'
    english = dashboard(client, login, places, "anonymous", "Few", language="en")
    assert figure(english, "total") == '<bdi dir="ltr">&lt;5</bdi>'
    # a plain number needs no isolate
    assert figure(dashboard(client, login, places, "anonymous", "Many", "ar"), "total") == "40"
