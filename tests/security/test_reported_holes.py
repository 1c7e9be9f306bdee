"""Holes reported during the security review, each kept closed by a test: numbers no id can
have, page numbers beyond any offset, NUL characters, and follow-up links on the outcome page."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility

HUGE = (2**31, 2**63, 10**20)


def int_routes(app):
    """Every route with a number in its URL, with its methods (HEAD and OPTIONS aside)."""
    for rule in app.url_map.iter_rules():
        names = [
            name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)
        ]
        if names:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, names


@pytest.fixture
def admin(make, login):
    user = make.user(admin=True)
    login(user)
    return user


def test_a_number_no_id_can_have_is_a_404_on_every_route(app, client, admin):
    """SQLite cannot hold 2**63 and PostgreSQL's ids stop at 2**31 - 1: neither may reach it."""
    checked = 0
    for rule, method, names in int_routes(app):
        for number in HUGE:
            path = _build(rule, {name: number for name in names})
            response = client.open(path, method=method)
            checked += 1
            assert response.status_code == 404, f"{method} {path}: {response.status_code}"
    assert checked > 40


def _build(rule, values):
    """The rule's URL with `values` for its numbers, written by hand: url_for would refuse them."""
    path = ""
    for is_dynamic, data in rule._trace:
        if is_dynamic:
            path += str(values.get(data, 1))
        else:
            path += data
    return path.split("|", 1)[1]


LISTS = (
    "/dialogues/",
    "/outcomes/",
    "/notifications/",
    "/admin/organizations/",
    "/admin/users/",
    "/admin/places/",
    "/admin/audit/",
)


@pytest.mark.parametrize("path", LISTS)
def test_a_page_number_beyond_any_offset_is_an_empty_page(client, admin, path):
    for page in ("99999999999999999999", "-5", "0", "x"):
        assert client.get(f"{path}?page={page}").status_code == 200


def test_an_organisation_filter_no_id_can_have_is_ignored(client, admin):
    assert client.get("/admin/users/?organization=99999999999999999999").status_code == 200
    assert client.get("/admin/users/invite?organization=99999999999999999999").status_code == 200


def get_routes_without_arguments(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments:
            yield rule.rule


def test_a_nul_character_in_a_query_string_is_refused_on_every_page(app, client, admin):
    """PostgreSQL refuses NUL in text: the pages answer 400, the API 422, never 500."""
    for path in get_routes_without_arguments(app):
        response = client.get(f"{path}?q=a%00b&city=%00&next=%00&theme=%00")
        expected = 422 if path.startswith("/api/v1/") and "docs" not in path else 400
        if path.startswith("/api/v1/openapi") or path == "/api/v1/docs":
            expected = 400
        assert response.status_code == expected, f"{path}: {response.status_code}"


@pytest.mark.parametrize("path", ["/cities/SY%00", "/auth/reset/%00", "/auth/invitation/a%00"])
def test_a_nul_character_in_a_path_is_refused(client, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/auth/login", {"email": "a\x00@example.org", "password": "x\x00y"}),
        ("/auth/forgot", {"email": "a\x00@example.org"}),
        ("/language", {"lang": "ar", "next": "/\x00"}),
    ],
)
def test_a_nul_character_in_a_form_is_refused(client, path, data):
    assert client.post(path, data=data).status_code == 400


def test_the_outcome_page_lists_only_the_follow_ups_the_viewer_may_see(make, client, login):
    organiser = make.organization()
    partner_org = make.organization()
    dialogue = make.dialogue(organizer=organiser, visibility=Visibility.PUBLIC)
    outcome = make.outcome(dialogue=dialogue, responsible_org=partner_org)
    internal = make.dialogue(
        organizer=organiser,
        visibility=Visibility.INTERNAL,
        title_en="INTERNAL-FOLLOW-UP",
        title_ar="INTERNAL-FOLLOW-UP",
    )
    public = make.dialogue(
        organizer=organiser,
        visibility=Visibility.PUBLIC,
        title_en="PUBLIC-FOLLOW-UP",
        title_ar="PUBLIC-FOLLOW-UP",
    )
    make.link(dialogue=internal, organization=partner_org, role=LinkRole.PARTNER)
    outcome.followed_up_in.extend([internal, public])
    staff = make.user(role=Role.ORGANIZER, organization=organiser)
    partner = make.user(role=Role.PARTNER, organization=partner_org)

    for viewer in (None, partner):
        with client.session_transaction() as session:
            session.clear()
        if viewer is not None:
            login(viewer)
        page = client.get(f"/outcomes/{outcome.id}")
        body = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "PUBLIC-FOLLOW-UP" in body
        assert "INTERNAL-FOLLOW-UP" not in body
        assert f'/dialogues/{internal.id}"' not in body

    login(staff)
    body = client.get(f"/outcomes/{outcome.id}").get_data(as_text=True)
    assert "INTERNAL-FOLLOW-UP" in body and "PUBLIC-FOLLOW-UP" in body
