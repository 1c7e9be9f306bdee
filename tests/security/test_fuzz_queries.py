"""Hostile query strings on every page and endpoint that reads filters from the URL: the list,
the queue, the map and its points, the dashboards, the exports and the API lists. The property:
never a server error, and nothing written."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.auth.models import Role
from tests.security.payloads import FUZZ, hostile_text, row_counts

KEYS = (
    "q",
    "governorate",
    "city",
    "theme",
    "organization",
    "format",
    "status",
    "visibility",
    "from",
    "to",
    "sort",
    "dir",
    "page",
    "period",
    "queue",
    "group",
    "per_page",
    "next",
)
PATHS = (
    "/dialogues/",
    "/outcomes/",
    "/outcomes/attention",
    "/map",
    "/map/points.json",
    "/dashboard",
    "/cities/SY04-HOMS",
    "/cities/SY04",
    "/exports/dialogues.csv",
    "/exports/outcomes.csv",
    "/exports/outcome-queue.csv",
    "/exports/hiwar.xlsx",
    "/api/v1/dialogues",
    "/api/v1/outcomes",
    "/api/v1/places",
)


def query_strings() -> st.SearchStrategy[str]:
    """Known filter names (and some others) with hostile values, sometimes repeated."""
    pairs = st.lists(
        st.tuples(st.one_of(st.sampled_from(KEYS), hostile_text()), hostile_text()),
        max_size=5,
    )
    return pairs.map(lambda items: urlencode(items, doseq=False))


@pytest.fixture
def world(make):
    governorate = make.governorate(code="SY04", name_en="Homs", name_ar="حمص")
    homs = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص", governorate=governorate)
    dialogue = make.dialogue(city=homs)
    make.axis(dialogue=dialogue)
    make.outcome(dialogue=dialogue)
    return make.user(role=Role.PARTNER)


@pytest.mark.parametrize("path", PATHS)
@given(query=query_strings())
@FUZZ
def test_hostile_query_strings_never_break_a_page(client, login, world, path, query):
    login(world)  # signed in: the queue and its export answer rather than redirect
    before = row_counts()
    response = client.get(f"{path}?{query}", headers={"Accept-Language": "ar"})
    assert response.status_code < 500, (path, query, response.status_code)
    assert row_counts() == before
