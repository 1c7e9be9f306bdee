"""Places, themes, organisations, city statistics; rate limits per token and per address."""

from __future__ import annotations

import pytest

from app.api.limits import limiter_of
from app.dialogues.models import Visibility
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


def test_city_statistics_are_the_dashboards_with_small_counts_withheld(api, make, app):
    city = make.city()
    counts = {"participants_women": 1, "participants_men": 1, "participants_youth": 1}
    public = make.dialogue(city=city, participants_total=20, **counts)
    internal = make.dialogue(
        city=city, visibility=Visibility.INTERNAL, participants_total=7, **counts
    )
    make.outcome(dialogue=public, status=OutcomeStatus.ACHIEVED, progress_verified=100)
    make.outcome(dialogue=internal, status=OutcomeStatus.STALLED)
    anonymous = api.get(f"/cities/{city.code}/statistics").get_json()
    assert (anonymous["dialogues"], anonymous["outcomes"]) == (1, 1)
    assert anonymous["participants"]["total"]["value"] == 20
    assert anonymous["participants"]["total"]["rounded"] is True
    # One woman among 20: withheld.
    assert anonymous["participants"]["women"]["value"] is None
    assert anonymous["participants"]["women"]["suppressed"] == "small"
    assert anonymous["suppressed"] is True and anonymous["threshold"] == 5
    assert anonymous["rounding_base"] == 5 and anonymous["upcoming"] == 0
    assert anonymous["outcomes_by_status"]["achieved"] == 1
    assert anonymous["share_achieved"] == 1.0
    own = factories.api_token(make.user(organization=internal.organizer))
    mine = api.get(f"/cities/{city.code}/statistics", token=own).get_json()
    assert mine["suppressed"] is False and mine["dialogues"] == 2
    assert mine["participants"]["total"]["value"] == 27
    assert mine["participants"]["women"]["value"] == 2
    assert mine["participants"]["women"]["rounded"] is False
    assert mine["participants"]["dialogues_recorded"] == 2
    assert api.get("/cities/NO-SUCH/statistics").status_code == 404


def test_city_statistics_name_things_in_both_languages(api, make):
    city = make.city()
    theme = make.theme(name_en="Safety", name_ar="الأمان")
    d = make.dialogue(city=city)
    make.axis(dialogue=d, theme=theme)
    body = api.get(f"/cities/{city.code}/statistics", language="ar").get_json()
    assert body["themes"] == [{"theme": {"name_ar": "الأمان", "name_en": "Safety"}, "dialogues": 1}]
    latest = body["latest_dialogues"][0]
    assert latest["id"] == d.id and latest["title_ar"] == d.title_ar
    assert latest["city"] == {"name_ar": city.name_ar, "name_en": city.name_en}


def test_a_city_without_visible_dialogues_has_zeros(api, make):
    city = make.city()
    make.dialogue(city=city, visibility=Visibility.INTERNAL)
    body = api.get(f"/cities/{city.code}/statistics").get_json()
    assert (body["dialogues"], body["outcomes"], body["share_achieved"]) == (0, 0, None)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "5"}, "period"),
        ({"period": "custom", "from": "2026-02-01", "to": "2026-01-01"}, "to"),
    ],
)
def test_invalid_statistics_filters_are_a_422(api, make, params, field):
    city = make.city()
    response = api.get(f"/cities/{city.code}/statistics", query_string=params)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


@pytest.fixture
def low_limits(app):
    saved = {k: app.config[k] for k in ("API_RATELIMIT_TOKEN", "API_RATELIMIT_ADDRESS")}
    app.config.update(API_RATELIMIT_TOKEN="3/minute", API_RATELIMIT_ADDRESS="2/minute")
    limiter_of(app).reset()
    yield
    app.config.update(saved)
    limiter_of(app).reset()


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


def test_limits_hold_in_a_shared_redis_store(tmp_path):
    """Several app servers share their counts through Redis (HIWAR_RATELIMIT_STORAGE_URI)."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis answers at 127.0.0.1:6379")
    import uuid

    from app import create_app

    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'redis.sqlite3'}",
        "RATELIMIT_STORAGE_URI": url,
        "RATELIMIT_KEY_PREFIX": f"hiwar-test-{uuid.uuid4().hex}",
        "API_RATELIMIT_ADDRESS": "2/minute",
    }
    servers = [create_app(settings), create_app(settings)]
    with servers[0].app_context():
        from app.extensions import db

        db.create_all()
    statuses = [servers[n % 2].test_client().get("/api/v1/themes").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
