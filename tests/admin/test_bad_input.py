"""Nonsense in any administration form is a 400 with the form again, never a 500."""

from __future__ import annotations

import pytest

BAD = {
    "role": "emperor",
    "organization_id": "abc",
    "kind": "cult",
    "home_city_id": "99999",
    "governorate_id": "x",
    "district_id": "-1",
    "target_id": "1e9",
    "lat": "NaN",
    "lon": "inf",
    "email": "\u202e@x",
    "name": "",
    "name_ar": "x" * 500,
    "name_en": "",
    "website": "ftp://x",
    "preferred_language": "fr",
    "is_manager": "maybe",
}


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/invite",
        "/admin/users/{staff}",
        "/admin/organizations/new",
        "/admin/organizations/{home}/edit",
        "/admin/themes/new",
        "/admin/themes/{theme}/edit",
        "/admin/themes/{theme}/merge",
        "/admin/places/new",
        "/account",
        "/account/password",
    ],
)
def test_nonsense_is_a_400_never_a_500(client, login, people, make, path):
    theme = make.theme()
    login(people.admin)
    url = path.format(staff=people.staff.id, home=people.home.id, theme=theme.id)
    response = client.post(url, data=BAD)
    assert response.status_code == 400, response.status_code
    assert "invalid-feedback" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    ["?since=2026-13-45&until=x", "?entity_id=abc", "?organization=zz&entity=nope", "?page=-4"],
)
def test_nonsense_filters_on_the_audit_log(client, login, people, query):
    login(people.admin)
    assert client.get("/admin/audit/" + query).status_code == 200


def test_an_unknown_record_is_a_404(client, login, people):
    login(people.admin)
    for path in (
        "/admin/users/999999",
        "/admin/organizations/999999/edit",
        "/admin/themes/999999/edit",
        "/organizations/999999",
    ):
        assert client.get(path).status_code == 404, path
