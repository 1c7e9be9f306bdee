"""Places, themes, organisations, city statistics; rate limits per token and per address."""

from __future__ import annotations

import pytest

from app.dialogues.models import Visibility
from app.extensions import limiter
from app.outcomes.models import OutcomeStatus
from tests import factories
from tests.api.conftest import ids


def test_places_come_with_codes_kinds_and_both_names(api, reference_data):
    body = api.get("/places", query_string={"per_page": 200}).get_json()
    homs = next(p for p in body["items"] if p["name_en"] == "Homs" and p["kind"] == "city")
    assert homs["name_ar"] == "حمص" and homs["code"] and homs["governorate_id"]
    assert body["total"] > 100 and body["next"] is None or body["total"] > 200
    second = api.get("/places", query_string={"per_page": 50, "page": 2}).get_json()
    assert second["previous"] and second["items"][0]["id"] > body["items"][0]["id"]


def test_themes_and_organisations_are_listed_by_id(api, make, reference_data):
    themes = api.get("/themes").get_json()
    assert themes["total"] > 5 and all(t["name_ar"] and t["name_en"] for t in themes["items"])
    made = [make.organization(), make.organization()]
    assert ids(api.get("/organizations")) == [o.id for o in made]


def test_city_statistics_count_only_what_the_viewer_may_see(api, make):
    city = make.city()
    counts = {"participants_women": 1, "participants_men": 1, "participants_youth": 1}
    public = make.dialogue(city=city, participants_total=20, **counts)
    internal = make.dialogue(
        city=city, visibility=Visibility.INTERNAL, participants_total=7, **counts
    )
    make.outcome(dialogue=public, status=OutcomeStatus.ACHIEVED, progress_verified=100)
    make.outcome(dialogue=internal, status=OutcomeStatus.STALLED)
    anonymous = api.get(f"/cities/{city.code}/statistics").get_json()
    assert (anonymous["dialogues"], anonymous["participants"], anonymous["outcomes"]) == (1, 20, 1)
    assert anonymous["outcomes_by_status"] == {"achieved": 1}
    assert anonymous["share_achieved"] == 1.0
    own = factories.api_token(make.user(organization=internal.organizer))
    mine = api.get(f"/cities/{city.code}/statistics", token=own).get_json()
    assert (mine["dialogues"], mine["participants"]) == (2, 27)
    assert api.get("/cities/NO-SUCH/statistics").status_code == 404


def test_a_city_without_visible_dialogues_has_zeros(api, make):
    city = make.city()
    make.dialogue(city=city, visibility=Visibility.INTERNAL)
    body = api.get(f"/cities/{city.code}/statistics").get_json()
    assert (body["dialogues"], body["outcomes"], body["share_achieved"]) == (0, 0, None)


@pytest.fixture
def low_limits(app):
    saved = {k: app.config[k] for k in ("API_RATELIMIT_TOKEN", "API_RATELIMIT_ADDRESS")}
    app.config.update(API_RATELIMIT_TOKEN="3/minute", API_RATELIMIT_ADDRESS="2/minute")
    limiter.reset()
    yield
    app.config.update(saved)
    limiter.reset()


def test_anonymous_requests_are_limited_per_address_with_retry_after(api, low_limits):
    assert [api.get("/themes").status_code for _ in range(2)] == [200, 200]
    refused = api.get("/themes", language="ar")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused.get_json()["error"]["message"]
    other = api.get("/themes", environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 200


def test_each_token_has_its_own_limit(api, make, low_limits):
    first, second = factories.api_token(make.user()), factories.api_token(make.user())
    assert [api.get("/themes", token=first).status_code for _ in range(4)] == [200] * 3 + [429]
    assert api.get("/themes", token=second).status_code == 200
    assert api.get("/themes").status_code == 200  # the address has its own count


def test_refused_tokens_count_against_the_address(api, low_limits):
    statuses = [api.get("/themes", token="hiwar_guess").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
