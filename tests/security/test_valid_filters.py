"""Valid filter combinations (issue 13): the fuzz tests feed hostile values, which never
reached the crash of the outcome exports with a real theme id. Here hypothesis draws real ids
of themes, cities, governorates and organisations, real statuses and periods, for every page,
export and API list that reads filters, and asserts 200 and the same records everywhere:
the list page, its CSV export and the API; the outcome export and the API; the outcome queue,
its export and the API's queue; a city's dashboard figures and the list."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.auth.models import Role
from app.dialogues.models import DialogueFormat, DialogueStatus, LinkRole, Visibility
from app.outcomes.models import OutcomeStatus
from tests import factories
from tests.security.payloads import FUZZ

VALID = settings(FUZZ, max_examples=6)  # each example opens several pages: kept small
TODAY = date.today()
ROLES = ("anonymous", "organizer", "partner", "donor", "admin")


@pytest.fixture
def world(make):
    north = make.governorate(code="SY02", name_en="Aleppo")
    south = make.governorate(code="SY04", name_en="Homs")
    cities = [
        make.city(code="SY02-A", governorate=north),
        make.city(code="SY04-B", governorate=south),
        make.city(code="SY04-C", governorate=south),
    ]
    themes = [make.theme() for _ in range(3)]
    centre, other, partner_org, donor_org = (make.organization() for _ in range(4))
    visibilities = list(Visibility)
    formats = list(DialogueFormat)
    for n in range(14):
        d = make.dialogue(
            visibility=visibilities[n % len(visibilities)],
            organizer=centre if n % 3 else other,
            city=cities[n % 3],
            held_on=TODAY - timedelta(days=25 * n + 3),
            format=formats[n % len(formats)],
            status=DialogueStatus.HELD if n % 5 else DialogueStatus.REPORTED,
        )
        if n % 2:
            make.link(dialogue=d, organization=partner_org, role=LinkRole.PARTNER)
        make.axis(dialogue=d, theme=themes[n % 3], position=1)
        make.outcome(
            dialogue=d,
            theme=themes[(n + 1) % 3],
            responsible_org=partner_org if n % 2 else centre,
            status=list(OutcomeStatus)[n % len(OutcomeStatus)],
        )
    users = {
        "organizer": make.user(role=Role.ORGANIZER, organization=centre),
        "partner": make.user(role=Role.PARTNER, organization=partner_org),
        "donor": make.user(role=Role.DONOR, organization=donor_org),
        "admin": make.user(admin=True),
    }
    return {
        "users": users,
        "tokens": {role: factories.api_token(user) for role, user in users.items()},
        "governorates": [north.id, south.id],
        "cities": [c.id for c in cities],
        "codes": [c.code for c in cities] + ["SY02", "SY04"],
        "themes": [t.id for t in themes],
        "organizations": [o.id for o in (centre, other, partner_org, donor_org)],
    }


def days() -> st.SearchStrategy[date]:
    return st.integers(min_value=-400, max_value=30).map(lambda n: TODAY + timedelta(days=n))


def valid_filters(world, *, dialogue_fields: bool = True) -> st.SearchStrategy[dict]:
    """A combination of real filter values (each present or not); from <= to."""
    choices = {
        "governorate": st.sampled_from(world["governorates"]),
        "city": st.sampled_from(world["cities"]),
        "theme": st.sampled_from(world["themes"]),
        "organization": st.sampled_from(world["organizations"]),
        "from": days(),
        "to": days(),
    }
    if dialogue_fields:
        choices |= {
            "format": st.sampled_from([f.value for f in DialogueFormat]),
            "status": st.sampled_from([s.value for s in DialogueStatus]),
        }
    drawn = st.fixed_dictionaries({}, optional=choices)

    def ordered(params):
        if "from" in params and "to" in params and params["from"] > params["to"]:
            params["from"], params["to"] = params["to"], params["from"]
        return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in params.items()}

    return drawn.map(ordered)


def as_role(client, login, world, role):
    with client.session_transaction() as session:
        session.clear()
    if role != "anonymous":
        login(world["users"][role])
    return world["tokens"].get(role)


def get(client, path, params, token=None):
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = client.get(path, query_string=params, headers=headers)
    assert response.status_code == 200, (path, params, response.status_code)
    return response


def csv_ids(response) -> set[int]:
    """The first column (the id) of every row under the header and the HXL hashtags."""
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][0] == "#meta+id"
    return {int(row[0]) for row in rows[2:]}


def api_ids(client, path, params, token) -> set[int]:
    found, page = set(), 1
    while True:
        body = get(client, path, {**params, "per_page": 200, "page": page}, token).get_json()
        found |= {item["id"] for item in body["items"]}
        if not body.get("next"):
            return found
        page += 1


def html_ids(response, pattern) -> set[int]:
    return {int(i) for i in re.findall(pattern, response.get_data(as_text=True))}


@pytest.mark.parametrize("role", ROLES)
@given(data=st.data())
@VALID
def test_dialogue_pages_exports_and_api_agree_on_valid_filters(client, login, world, role, data):
    params = data.draw(valid_filters(world))
    token = as_role(client, login, world, role)
    listed = html_ids(get(client, "/dialogues/", params), r'href="/dialogues/(\d+)"')
    exported = csv_ids(get(client, "/exports/dialogues.csv", params))
    assert get(client, "/exports/hiwar.xlsx", params).data[:2] == b"PK"
    for path in ("/map", "/map/points.json", "/dashboard"):
        get(client, path, params)
    api_params = {k: v for k, v in params.items()}
    assert api_ids(client, "/api/v1/dialogues", api_params, token) == exported == listed, params


@pytest.mark.parametrize("role", ROLES)
@given(data=st.data())
@VALID
def test_outcome_exports_and_api_agree_on_valid_filters(client, login, world, role, data):
    params = data.draw(valid_filters(world, dialogue_fields=False))
    token = as_role(client, login, world, role)
    exported = csv_ids(get(client, "/exports/outcomes.csv", params))
    assert api_ids(client, "/api/v1/outcomes", params, token) == exported, params
    get(client, "/exports/hiwar.xlsx", params)


@pytest.mark.parametrize("role", ("organizer", "partner", "admin"))
@given(data=st.data())
@VALID
def test_the_outcome_queue_its_export_and_the_api_agree(client, login, world, role, data):
    params = data.draw(valid_filters(world, dialogue_fields=False))
    status = data.draw(st.none() | st.sampled_from([s.value for s in OutcomeStatus]))
    if status:
        params["status"] = status
    token = as_role(client, login, world, role)
    page = html_ids(get(client, "/outcomes/", params), r'href="/outcomes/(\d+)"')
    exported = csv_ids(get(client, "/exports/outcome-queue.csv", params))
    queued = api_ids(client, "/api/v1/outcomes", {**params, "queue": "true"}, token)
    assert page == exported == queued, params
    get(client, "/outcomes/attention", params)


@pytest.mark.parametrize("role", ROLES)
@given(data=st.data())
@VALID
def test_dashboards_count_what_the_list_shows(client, login, world, role, data):
    code = data.draw(st.sampled_from(world["codes"]))
    theme = data.draw(st.none() | st.sampled_from(world["themes"]))
    start, end = sorted([data.draw(days()), data.draw(days())])
    params = {"period": "custom", "from": start.isoformat(), "to": end.isoformat()}
    if theme:
        params["theme"] = str(theme)
    token = as_role(client, login, world, role)
    get(client, f"/cities/{code}", params)
    get(client, "/dashboard", params)
    stats = get(client, f"/api/v1/cities/{code}/statistics", params, token).get_json()
    place = "governorate" if "-" not in code else "city"
    place_id = (
        world["governorates"][["SY02", "SY04"].index(code)]
        if place == "governorate"
        else world["cities"][world["codes"].index(code)]
    )
    list_params = {k: v for k, v in params.items() if k != "period"} | {place: place_id}
    listed = html_ids(get(client, "/dialogues/", list_params), r'href="/dialogues/(\d+)"')
    assert stats["dialogues"] == len(listed), (code, params)
