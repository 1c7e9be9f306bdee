"""The figure cache (app/caching): the data version moves with every write that can change a
figure, in the writing transaction; a cached figure is never served to another audience; a write
through any path is seen on the next page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.caching import figures
from app.caching.versions import current_version
from app.dialogues.models import Dialogue, Visibility
from app.extensions import cache
from tests.dialogues.test_editing import form_data

TOTAL = re.compile(r'data-testid="total-dialogues">.*?data-testid="value">([^<]*)<', re.S)


def version(db):
    db.session.commit()
    return current_version(db.session)


def total_on_dashboard(client) -> str:
    body = client.get("/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    return TOTAL.search(body).group(1)


def test_a_write_bumps_the_version_once_in_its_own_transaction(db, make):
    city = make.city()
    start = version(db)
    assert start is not None
    make.dialogue(city=city)
    make.dialogue(city=city)
    assert version(db) == start + 1  # one commit, one bump
    user = make.user(role=Role.ADMIN)
    assert version(db) == start + 2  # (its factory made an organisation, whose name may show)
    user.name = "Another name"  # no figure reads the users
    assert version(db) == start + 2
    make.dialogue(city=city)
    db.session.rollback()  # what is rolled back changed nothing
    assert version(db) == start + 2
    db.session.execute(sa.update(Dialogue).values(visibility=Visibility.INTERNAL))  # bulk
    assert version(db) == start + 3
    with db.session.begin_nested():  # a savepoint, then the outer commit
        make.dialogue(city=city)
    assert version(db) == start + 4


def test_a_plain_read_and_a_commit_without_change_bump_nothing(db, make, client):
    make.city()
    start = version(db)
    client.get("/dashboard")
    client.get("/map")
    assert version(db) == start


def test_the_audience_is_what_the_visibility_rule_reads(db, make):
    org, other = make.organization(), make.organization()
    first, second = make.user(organization=org), make.user(organization=org)
    assert figures.audience(first) == figures.audience(second) == f"organizer:{org.id}"
    assert figures.audience(make.user(organization=other)) == f"organizer:{other.id}"
    assert figures.audience(make.user(role=Role.DONOR, organization=org)) == f"donor:{org.id}"
    assert figures.audience(make.user(role=Role.ADMIN)) == "admin"
    assert figures.audience(None) == "public"


PAGES = ("/dashboard", "/map", "/map/points.json?zoom=12&bbox=36,34,37.5,35.5")


def _figures(body: str) -> str:
    """A page without what changes on every request (nonce, CSRF token, folium's element ids)."""
    body = re.sub(r'(nonce|csrf_token|value)="[^"]*"', "", body)
    return re.sub(r"_[0-9a-f]{32}(?![0-9a-f])", "_id", body)


@pytest.mark.parametrize("path", PAGES)
def test_two_audiences_never_read_each_others_figures(app, client, login, world, path):
    viewers = [None, world["users"]["organizer"], world["users"]["partner"]]
    uncached = {}
    app.config["FIGURE_CACHE"] = False
    try:
        for viewer in viewers:
            with client.session_transaction() as session:
                session.clear()
            if viewer is not None:
                login(viewer)
            uncached[viewer] = _figures(client.get(path).get_data(as_text=True))
    finally:
        app.config["FIGURE_CACHE"] = True
    assert len(set(uncached.values())) == len(viewers)  # each audience sees something else
    for _ in range(2):  # the first round fills the cache, the second reads it
        for viewer in viewers:
            with client.session_transaction() as session:
                session.clear()
            if viewer is not None:
                login(viewer)
            assert _figures(client.get(path).get_data(as_text=True)) == uncached[viewer]


def test_a_write_through_the_pages_is_seen_on_the_next_dashboard(client, login, make, setting):
    admin = make.user(role=Role.ADMIN)
    login(admin)
    before = int(total_on_dashboard(client))
    assert total_on_dashboard(client) == str(before)  # from the cache
    login(setting["staff"])
    created = client.post("/dialogues/new", data=form_data(setting))
    assert created.status_code == 302
    dialogue_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    login(admin)
    assert total_on_dashboard(client) == str(before + 1)
    login(setting["staff"])
    archived = client.post(f"/dialogues/{dialogue_id}/archive")
    assert archived.status_code == 302
    login(admin)
    assert total_on_dashboard(client) == str(before)


def test_a_theme_merge_bumps_the_version(db, make):
    from app.themes.editing import merge_theme

    source, target = make.theme(), make.theme()
    make.axis(dialogue=make.dialogue(city=make.city()), theme=source)
    start = version(db)
    merge_theme(source, target, actor=make.user(role=Role.ADMIN))
    assert version(db) == start + 1


def test_a_cache_that_fails_is_no_cache(client, world, monkeypatch):
    expected = client.get("/dashboard").get_data(as_text=True)

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/dashboard")
    assert response.status_code == 200
    assert _figures(response.get_data(as_text=True)) == _figures(expected)


def test_two_app_servers_share_the_figures_through_redis(app, db, make, world):
    import uuid

    import redis

    from app import create_app

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": url,
        "CACHE_KEY_PREFIX": f"hiwar-test-{uuid.uuid4().hex}:",
    }
    first, second = create_app(settings), create_app(settings)
    db.session.commit()
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    def queries(server) -> int:
        statements.clear()
        sa.event.listen(sa.Engine, "before_cursor_execute", count)  # every app's engine
        try:
            with server.app_context():
                assert server.test_client().get("/dashboard").status_code == 200
        finally:
            sa.event.remove(sa.Engine, "before_cursor_execute", count)
        return len(statements)

    computed = queries(first)
    assert queries(second) < computed  # the other server's figures, from Redis
    make.dialogue(city=world["homs"])
    db.session.commit()
    assert queries(second) == computed  # after a write: computed again, whichever server
    assert queries(first) < computed  # and shared again


def test_a_new_rounding_key_makes_new_keys(app, make):
    """Public figures rounded under one HIWAR_DISCLOSURE_KEY are never served under another."""
    with app.test_request_context():
        before = figures.key_for("overview", None, version=7)
        original = app.config.get("DISCLOSURE_KEY")
        app.config["DISCLOSURE_KEY"] = "another secret"
        try:
            after = figures.key_for("overview", None, version=7)
        finally:
            app.config["DISCLOSURE_KEY"] = original
    assert before != after
