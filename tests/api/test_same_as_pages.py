"""The visibility rule: for each role and the same filters, the API returns exactly the
dialogue ids, outcome ids and per-city figures that the pages show."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import LinkRole, Visibility
from app.outcomes.models import OutcomeStatus
from tests import factories
from tests.api.conftest import ids

ROLES = ["anonymous", "organizer", "partner", "donor", "admin", "outsider"]


@pytest.fixture
def world(make):
    """Dialogues of every visibility in two cities, by two organisers, with outcomes."""
    homs, hama = make.city(name_en="Homs"), make.city(name_en="Hama")
    safety, water = make.theme(name_en="Safety"), make.theme(name_en="Water")
    centre, other = make.organization(), make.organization()
    partner_org, donor_org, outsider_org = (make.organization() for _ in range(3))
    today = date.today()
    dialogues = []
    for n, (visibility, organizer, city, linked) in enumerate(
        [
            (Visibility.PUBLIC, centre, homs, None),
            (Visibility.PUBLIC, other, hama, None),
            (Visibility.DONORS, centre, homs, None),
            (Visibility.DONORS, other, hama, partner_org),
            (Visibility.PARTNERS, other, homs, partner_org),
            (Visibility.PARTNERS, other, hama, None),
            (Visibility.INTERNAL, centre, hama, None),
            (Visibility.INTERNAL, other, homs, None),
        ]
    ):
        d = make.dialogue(
            visibility=visibility,
            organizer=organizer,
            city=city,
            held_on=today - timedelta(days=10 + n),
            title_en=f"Water and safety talk {n}" if n % 2 else f"Community meeting {n}",
            participants_total=10 + n,
            participants_women=5,
            participants_men=5,
        )
        if linked is not None:
            make.link(dialogue=d, organization=linked, role=LinkRole.PARTNER)
        make.axis(dialogue=d, theme=safety if n % 3 else water, position=1)
        make.outcome(
            dialogue=d,
            theme=water if n % 2 else safety,
            responsible_org=partner_org if n % 2 else centre,
            status=OutcomeStatus.ACHIEVED if n % 4 == 0 else OutcomeStatus.IN_PROGRESS,
            progress_verified=100 if n % 4 == 0 else 0,
        )
        dialogues.append(d)
    archived = make.dialogue(visibility=Visibility.PUBLIC, organizer=centre, city=homs)
    archived.archived_at = utcnow()
    make.outcome(dialogue=archived, theme=safety, responsible_org=partner_org)
    users = {
        "organizer": make.user(role=Role.ORGANIZER, organization=centre),
        "partner": make.user(role=Role.PARTNER, organization=partner_org),
        "donor": make.user(role=Role.DONOR, organization=donor_org),
        "admin": make.user(admin=True),
        "outsider": make.user(role=Role.PARTNER, organization=outsider_org),
    }
    tokens = {role: factories.api_token(user) for role, user in users.items()}
    filters = [
        {},
        {"city": str(homs.id)},
        {"theme": str(water.id)},
        {"q": "Homs"},  # a place name: factories leave the search text empty
        {"visibility": "donors"},
        {"organization": str(partner_org.id)},
        {"from": (today - timedelta(days=13)).isoformat(), "to": today.isoformat()},
    ]
    return {
        "users": users,
        "tokens": tokens,
        "filters": filters,
        "cities": [homs, hama],
        "theme": water,
    }


def page_ids(client, path, pattern, params):
    response = client.get(path, query_string=params, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return sorted({int(i) for i in re.findall(pattern, response.get_data(as_text=True))})


def signed_in(client, login, world, role):
    if role != "anonymous":
        login(world["users"][role])
    return world["tokens"].get(role)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_the_dialogues_the_list_page_shows(client, api, login, world, role):
    token = signed_in(client, login, world, role)
    for params in world["filters"]:
        shown = page_ids(client, "/dialogues/", r'href="/dialogues/(\d+)"', params)
        listed = sorted(ids(api.get("/dialogues", token=token, query_string=params)))
        assert listed == shown, (role, params)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_the_outcomes_the_dialogue_pages_show(client, api, login, world, role):
    token = signed_in(client, login, world, role)
    dialogues = page_ids(client, "/dialogues/", r'href="/dialogues/(\d+)"', {})
    shown = sorted(
        {
            outcome
            for d in dialogues
            for outcome in page_ids(client, f"/dialogues/{d}", r'href="/outcomes/(\d+)"', {})
        }
    )
    assert sorted(ids(api.get("/outcomes", token=token))) == shown
    for d in dialogues:
        detail = api.get(f"/dialogues/{d}", token=token).get_json()
        on_page = page_ids(client, f"/dialogues/{d}", r'href="/outcomes/(\d+)"', {})
        assert sorted(o["id"] for o in detail["outcomes"]) == on_page


@pytest.mark.parametrize("role", ROLES)
def test_the_api_gives_the_participant_figures_the_dialogue_pages_show(
    client, api, login, world, role
):
    token = signed_in(client, login, world, role)
    for d in page_ids(client, "/dialogues/", r'href="/dialogues/(\d+)"', {}):
        html = client.get(f"/dialogues/{d}", headers={"Accept-Language": "en"})
        cells = re.findall(
            r'data-testid="participants-(total|women|men|youth)">([^<]*)<',
            html.get_data(as_text=True),
        )
        body = api.get(f"/dialogues/{d}", token=token).get_json()
        threshold = 5
        shown_by_api = {k: shown(body["participants"][k], threshold) for k, _ in cells}
        assert shown_by_api == {k: v.replace("&lt;", "<") for k, v in cells}, (role, d)
        assert len(cells) == 4


@pytest.mark.parametrize("role", ["organizer", "partner", "admin", "outsider"])
def test_the_api_queue_is_the_outcomes_list_page(client, api, login, world, role):
    token = signed_in(client, login, world, role)
    for params in world["filters"]:
        if "visibility" in params:
            continue  # the outcome list has no visibility filter
        shown = page_ids(client, "/outcomes/", r'data-testid="outcome-(\d+)"', params)
        listed = ids(api.get("/outcomes", token=token, query_string={**params, "queue": "true"}))
        assert sorted(listed) == shown, (role, params)


def dashboard_figures(client, code, params):
    """What the city dashboard shows: its indicator tiles and its participant table, as text."""
    html = client.get(f"/cities/{code}", query_string=params, headers={"Accept-Language": "en"})
    assert html.status_code == 200
    text = html.get_data(as_text=True)
    tiles = re.findall(r'data-testid="kpi-(\w+)">.*?data-testid="value">([^<]*)<', text, re.DOTALL)
    table = text.split('data-testid="participants">', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'data-testid="(total|women|men|youth)">([^<]*)<', table)
    return {**dict(tiles), **{f"participants_{k}": v.replace("&lt;", "<") for k, v in cells}}


def shown(count, threshold):
    if count["suppressed"] == "small":
        return f"<{threshold}"
    if count["value"] is None:
        return "not recorded"
    return f"{count['value']:,}"


def api_figures(body):
    people = body["participants"]
    progress = body["average_verified_progress"]
    return {
        "dialogues": f"{body['dialogues']:,}",
        "participants": shown(people["total"], body["threshold"]),
        "organizations": str(body["organizations"]),
        "bridging": str(body["bridging_sessions"]),
        "outcomes": str(body["outcomes"]),
        "verified": "–" if progress is None else f"{round(progress * 100)}%",
        "overdue": str(body["overdue"]),
        **{
            f"participants_{key}": shown(people[key], body["threshold"])
            for key in ("total", "women", "men", "youth")
        },
    }


DASHBOARD_FILTERS = [
    {},
    {"period": "3"},
    # The widest period Hiwar accepts: from its floor to its horizon after today.
    {
        "period": "custom",
        "from": "1990-01-01",
        "to": (date.today() + timedelta(days=300)).isoformat(),
    },
]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_city_statistics_are_the_dashboards(client, api, login, world, role):
    token = signed_in(client, login, world, role)
    for params in [*DASHBOARD_FILTERS, {"theme": str(world["theme"].id)}]:
        for place in [*world["cities"], world["cities"][0].governorate]:
            response = api.get(f"/cities/{place.code}/statistics", token=token, query_string=params)
            assert response.status_code == 200
            assert api_figures(response.get_json()) == dashboard_figures(
                client, place.code, params
            ), (role, params, place.code)
