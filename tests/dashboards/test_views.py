"""The dashboard pages for every role: what each sees, and a fixed number of queries."""

from __future__ import annotations

import re

import pytest

EN = {"Accept-Language": "en"}


def cell(html, testid):
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:td|dd|div)>', html, re.DOTALL)
    assert match, testid
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()  # "<5" sits in a bdi


def kpi(html, name):
    block = html.split(f'data-testid="kpi-{name}"', 1)[1]
    return cell(block, "value")


def page(client, login, world, role, path):
    user = world["users"][role]
    if user is not None:
        login(user)
    response = client.get(path, headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# role: (dialogues, participants, women shown) on the Homs city dashboard
EXPECTED_HOMS = {
    "anonymous": ("1", "40", "15"),
    "donor": ("2", ("50", "55"), ("15", "20")),  # 52 and 18, rounded to a multiple of 5
    "partner": ("1", "40", "15"),
    "organizer": ("3", "72", "28"),
    "admin": ("3", "72", "28"),
}


@pytest.mark.parametrize("role", EXPECTED_HOMS)
def test_the_city_dashboard_differs_exactly_as_visibility_says(client, login, world, role):
    html = page(client, login, world, role, "/cities/SY04-HOMS")
    dialogues, participants, women = EXPECTED_HOMS[role]
    assert kpi(html, "dialogues") == dialogues
    women_shown = cell(html.split('data-testid="participants"', 1)[1], "women")
    if isinstance(participants, tuple):
        assert kpi(html, "participants") in participants and women_shown in women
    else:
        assert kpi(html, "participants") == participants and women_shown == women
    assert ("suppression-note" in html) == (role in ("anonymous", "donor"))


@pytest.mark.parametrize("role", EXPECTED_HOMS)
def test_hama_shows_its_three_women_only_to_organisations(client, login, world, role):
    html = page(client, login, world, role, "/cities/SY05-HAMA")
    women = cell(html.split('data-testid="participants"', 1)[1], "women")
    assert women == ("&lt;5" if role in ("anonymous", "donor") else "3")


@pytest.mark.parametrize("role", EXPECTED_HOMS)
def test_the_overview_lists_what_each_role_may_see(client, login, world, role):
    html = page(client, login, world, role, "/dashboard")
    homs_row = html.split('data-testid="row-SY04-HOMS"', 1)[1].split("</tr>", 1)[0]
    assert cell(homs_row, "dialogues") == EXPECTED_HOMS[role][0]
    talkalakh = html.split('data-testid="row-SY04-TALLKALAKH"', 1)[1].split("</tr>", 1)[0]
    small = role in ("anonymous", "donor")
    assert cell(talkalakh, "participants") == ("&lt;5" if small else "3")


def test_the_overview_sorts_by_any_column(client, world):
    html = client.get("/dashboard?sort=name&dir=asc", headers=EN).get_data(as_text=True)
    order = re.findall(r'data-testid="row-([A-Z0-9-]+)"', html)
    assert order.index("SY05-HAMA") < order.index("SY04-HOMS") < order.index("SY04-TALLKALAKH")
    html = client.get("/dashboard?sort=participants", headers=EN).get_data(as_text=True)
    order = re.findall(r'data-testid="row-([A-Z0-9-]+)"', html)
    # Governorates in order, each followed by its own cities in the same order.
    assert order == ["SY04", "SY04-HOMS", "SY04-TALLKALAKH", "SY05", "SY05-HAMA"]
    assert client.get("/dashboard?sort=drop+table&dir=sideways").status_code == 200


def test_a_governorate_has_a_dashboard_too(client, world):
    html = client.get("/cities/SY04", headers=EN).get_data(as_text=True)
    assert kpi(html, "dialogues") == "2"
    assert "rounded to a multiple of 5" in html
    assert kpi(html, "participants") == "45" or kpi(html, "participants") == "40"


@pytest.mark.parametrize("code", ["SY99-NOWHERE", "sy04", "<script>"])
def test_an_unknown_place_is_a_404(client, world, code):
    assert client.get(f"/cities/{code}").status_code == 404


def test_a_district_has_no_dashboard(client, make):
    make.city(code="SY0401", kind="district")
    assert client.get("/cities/SY0401").status_code == 404


def test_bad_filters_are_explained_and_the_page_still_shows(client, world):
    response = client.get("/cities/SY04-HOMS?period=forever&theme=x&from=soon", headers=EN)
    assert response.status_code == 200
    assert "not one of the choices" in response.get_data(as_text=True)


def test_the_dashboard_links_keep_its_filters(client, world):
    html = client.get(
        f"/cities/SY04-HOMS?period=custom&from=2026-01-01&to=2026-12-31&theme={world['t1'].id}",
        headers=EN,
    ).get_data(as_text=True)
    city = world["homs"].id
    assert f"/exports/hiwar.xlsx?city={city}&amp;theme={world['t1'].id}" in html
    assert "from=2026-01-01&amp;to=2026-12-31" in html


def _more_dialogues(make, world, n):
    cities = [world["homs"], world["talkalakh"], world["hama"]]
    for i in range(n):
        dialogue = make.dialogue(city=cities[i % 3], organizer=world["orgs"][i % 3])
        make.axis(dialogue=dialogue, theme=world["t1"])
        make.outcome(dialogue=dialogue, theme=world["t2"])


@pytest.mark.parametrize("role", ["anonymous", "organizer"])
def test_queries_do_not_grow_with_the_dialogues(client, login, make, world, count_queries, role):
    if world["users"][role] is not None:
        login(world["users"][role])
    paths = ["/dashboard", "/cities/SY04-HOMS", "/cities/SY04"]
    _more_dialogues(make, world, 5)
    few = {}
    for path in paths:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        few[path] = len(statements)
    _more_dialogues(make, world, 495)
    for path in paths:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        assert len(statements) == few[path], path


@pytest.mark.parametrize(
    "role, women, men",
    [
        ("anonymous", "&lt;5", {"25", "30"}),
        ("donor", "&lt;5", {"25", "30"}),
        ("partner", "3", {"27"}),
    ],
)
def test_a_dialogue_page_suppresses_small_counts_for_the_public_and_donors(
    client, login, world, role, women, men
):
    html = page(client, login, world, role, f"/dialogues/{world['dialogues'][4].id}")
    assert cell(html, "participants-women") == women
    assert cell(html, "participants-men") in men  # rounded to a multiple of 5 for the public
    assert cell(html, "participants-total") == "30"
