"""Who may enter each administration route: every route of the admin blueprint is listed here,
so a new one without an entry fails."""

from __future__ import annotations

import pytest

# endpoint -> who may use it besides admins: "managers" (an organisation's manager, for its own
# staff) or nobody.
ROUTES = {
    "admin.organizations": None,
    "admin.create_organization": None,
    "admin.edit_organization": None,
    "admin.deactivate_organization": None,
    "admin.reactivate_organization": None,
    "admin.confirm_organization": None,
    "admin.merge_organization": None,
    "admin.users": "managers",
    "admin.invite_user": "managers",
    "admin.user_detail": "managers",
    "admin.deactivate_user": "managers",
    "admin.reactivate_user": "managers",
    "admin.reinvite_user": "managers",
    "admin.themes": None,
    "admin.create_theme": None,
    "admin.edit_theme": None,
    "admin.merge_theme": None,
    "admin.places": None,
    "admin.create_place": None,
    "admin.audit_log": None,
}


def admin_requests(app, people, theme):
    """(endpoint, method, path) for every admin route, ids filled with real records."""
    values = {
        "organization_id": people.home.id,
        "user_id": people.staff.id,
        "theme_id": theme.id,
    }
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        assert rule.endpoint in ROUTES, f"add {rule.endpoint} to ROUTES with who may use it"
        path = rule.build({arg: values[arg] for arg in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    return found


def test_every_admin_route_is_listed(app, people, make):
    endpoints = {endpoint for endpoint, _, _ in admin_requests(app, people, make.theme())}
    assert endpoints == set(ROUTES)


def send(client, method, path):
    return client.get(path) if method == "GET" else client.post(path, data={})


def test_anonymous_visitors_are_sent_to_sign_in(app, client, people, make):
    for _endpoint, method, path in admin_requests(app, people, make.theme()):
        response = send(client, method, path)
        assert response.status_code == 302, (method, path)
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["staff", "partner", "donor", "outsider"])
def test_staff_without_the_manager_flag_get_403_everywhere(app, client, login, people, make, who):
    login(getattr(people, who))
    for _endpoint, method, path in admin_requests(app, people, make.theme()):
        assert send(client, method, path).status_code == 403, (method, path)


def test_a_manager_enters_only_the_user_pages(app, client, login, people, make):
    login(people.manager)
    for endpoint, method, path in admin_requests(app, people, make.theme()):
        status = send(client, method, path).status_code
        if ROUTES[endpoint] == "managers":
            assert status != 403, (method, path)
        else:
            assert status == 403, (method, path)


def test_admins_enter_every_page(app, client, login, people, make):
    login(people.admin)
    for _endpoint, method, path in admin_requests(app, people, make.theme()):
        if method == "GET":
            assert send(client, method, path).status_code == 200, path


def test_a_manager_cannot_open_another_organisations_staff(client, login, people):
    login(people.manager)
    for path in (f"/admin/users/{people.outsider.id}", f"/admin/users/{people.admin.id}"):
        assert client.get(path).status_code == 404
    response = client.post(f"/admin/users/{people.outsider.id}/deactivate")
    assert response.status_code == 404
    assert people.outsider.active


def test_a_managers_user_list_shows_only_its_organisation(client, login, people):
    login(people.manager)
    html = client.get("/admin/users/").get_data(as_text=True)
    assert people.staff.email in html
    assert people.outsider.email not in html and people.admin.email not in html


def test_the_organisation_page_hides_people_from_other_organisations(client, login, people):
    login(people.partner)
    response = client.get(f"/organizations/{people.home.id}")
    assert response.status_code == 200
    assert people.staff.name not in response.get_data(as_text=True)
    login(people.staff)
    assert people.manager.name in client.get(f"/organizations/{people.home.id}").get_data(
        as_text=True
    )


def test_a_deactivated_organisation_is_a_404_except_for_admins(client, login, people):
    people.home.active = False
    login(people.partner)
    assert client.get(f"/organizations/{people.home.id}").status_code == 404
    login(people.admin)
    assert client.get(f"/organizations/{people.home.id}").status_code == 200


def test_account_pages_need_a_signed_in_user(client):
    for path in ("/account",):
        assert client.get(path).status_code == 302
    assert client.post("/account/password", data={}).status_code == 302


def test_admin_changes_need_the_csrf_token(app, client, login, people, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login(people.admin)
    assert client.post(f"/admin/users/{people.staff.id}/deactivate").status_code == 400
    assert client.post(f"/admin/organizations/{people.home.id}/deactivate").status_code == 400
    assert people.staff.active and people.home.active
