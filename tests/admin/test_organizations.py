"""Organisations in the browser: search, create, edit, deactivate, and the organisation's page."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.dialogues.models import Visibility
from app.extensions import db
from app.organizations.models import Organization, OrganizationKind

NEW = {
    "name_ar": "جمعية نساء حماة",
    "name_en": "Hama Women's Association",
    "kind": "community",
    "home_city_id": "",
    "website": "https://hama-women.example.org",
    "description": "Runs neighbourhood dialogue circles.",
}


def test_admin_creates_an_organisation(client, login, people, make):
    city = make.city(name_en="Hama", name_ar="حماة")
    login(people.admin)
    response = client.post("/admin/organizations/new", data={**NEW, "home_city_id": str(city.id)})
    assert response.status_code == 302
    org = db.session.scalar(sa.select(Organization).where(Organization.name_en == NEW["name_en"]))
    assert org.kind == OrganizationKind.COMMUNITY and org.home_city_id == city.id
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "organizations")
    )
    assert event.action == "create" and event.user_id == people.admin.id
    assert event.changes["name_en"] == [None, NEW["name_en"]]
    assert "جمعية نساء حماة" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_duplicate_name_or_bad_website_is_shown_next_to_the_field(client, login, people):
    login(people.admin)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
    response = client.post(
        "/admin/organizations/new",
        data={**NEW, "name_en": "homs dialogue centre", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "https://" in html and "invalid-feedback" in html
    response = client.post(
        "/admin/organizations/new", data={**NEW, "name_en": "homs dialogue centre"}
    )
    assert response.status_code == 400
    assert "Another organisation already has this name." in response.get_data(as_text=True)
    assert 'value="جمعية نساء حماة"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == before


def test_a_nameless_organisation_is_refused(client, login, people):
    login(people.admin)
    response = client.post(
        "/admin/organizations/new", data={**NEW, "name_ar": " ", "name_en": "\u202e"}
    )
    assert response.status_code == 400
    assert "Give the organisation a name" in response.get_data(as_text=True)


def test_admin_edits_with_an_audit_event_of_the_changed_fields(client, login, people):
    login(people.admin)
    org = people.home
    data = {
        "name_ar": org.name_ar,
        "name_en": "Homs Centre for Dialogue",
        "kind": "civil_society",
        "home_city_id": "",
        "website": "",
        "description": "",
    }
    assert client.post(f"/admin/organizations/{org.id}/edit", data=data).status_code == 302
    assert org.name_en == "Homs Centre for Dialogue"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "update"))
    assert event.changes == {"name_en": ["Homs Dialogue Centre", "Homs Centre for Dialogue"]}


def test_deactivate_and_reactivate(client, login, people):
    login(people.admin)
    client.post(f"/admin/organizations/{people.home.id}/deactivate")
    assert not people.home.active
    html = client.get("/admin/organizations/?status=inactive").get_data(as_text=True)
    assert "Homs Dialogue Centre" in html and "Aleppo Youth Network" not in html
    client.post(f"/admin/organizations/{people.home.id}/reactivate")
    assert people.home.active
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type == "organizations")
    ).all()
    assert actions == ["deactivate", "reactivate"]


def test_search_finds_arabic_and_english_names(client, login, people):
    login(people.admin)
    html = client.get("/admin/organizations/?q=حلب").get_data(as_text=True)
    assert "Aleppo Youth Network" in html or "شبكة شباب حلب" in html
    assert "Homs Dialogue Centre" not in html
    html = client.get("/admin/organizations/?q=homs").get_data(as_text=True)
    assert "Homs Dialogue Centre" in html and "Aleppo Youth Network" not in html


def test_the_page_lists_only_what_the_viewer_may_see(client, login, people, make):
    shown = make.dialogue(organizer=people.home, visibility=Visibility.PUBLIC, title_en="Open one")
    hidden = make.dialogue(
        organizer=people.home, visibility=Visibility.INTERNAL, title_en="Internal one"
    )
    make.outcome(dialogue=shown, responsible_org=people.home, text="Public commitment")
    make.outcome(dialogue=hidden, responsible_org=people.home, text="Internal commitment")
    login(people.partner)
    html = client.get(f"/organizations/{people.home.id}").get_data(as_text=True)
    assert "Open one" in html and "Public commitment" in html
    assert "Internal one" not in html and "Internal commitment" not in html
    login(people.admin)
    html = client.get(f"/organizations/{people.home.id}").get_data(as_text=True)
    assert "Internal one" in html and "Internal commitment" in html
    assert people.staff.name in html


def test_staff_see_their_colleagues(client, login, people):
    login(people.staff)
    html = client.get(f"/organizations/{people.home.id}").get_data(as_text=True)
    assert people.manager.name in html


def test_the_search_finds_arabic_names_whatever_their_hamza(client, login, make):
    login(make.user(role="admin"))
    make.organization(name_ar="مركز الأمن المجتمعي", name_en="Community Safety Centre")
    make.organization(name_ar="جمعية المياه", name_en="Water Association")
    html = client.get("/admin/organizations/?q=الامن", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Community Safety Centre" in html and "Water Association" not in html
