"""The audit log: every event, filterable, read-only."""

from __future__ import annotations

from datetime import datetime

from app.audit import services as audit


def test_filters_by_user_organisation_entity_and_date(client, login, people, make):
    old = audit.record("update", people.home, user=people.staff, changes={"name_en": ["A", "B"]})
    old.created_at = datetime(2026, 1, 5, 12)
    audit.record("create", people.other, user=people.partner)
    audit.record("merge", make.theme(), user=people.admin, changes={"axes": 3})
    login(people.admin)

    def events(query=""):
        html = client.get("/admin/audit/" + query).get_data(as_text=True)
        return html.count('data-testid="audit-event"'), html

    assert events()[0] == 3
    assert events("?user=staff@")[0] == 1
    assert events(f"?organization={people.home.id}")[0] == 1
    assert events("?entity=themes")[0] == 1
    assert events("?since=2026-01-01&until=2026-01-31")[0] == 1
    count, html = events("?until=2026-01-05")
    assert count == 1 and "Name in English" in html


def test_a_bad_filter_is_shown_next_to_its_field_not_a_500(client, login, people):
    login(people.admin)
    response = client.get("/admin/audit/?since=yesterday&entity_id=-3")
    assert response.status_code == 200
    assert 'data-testid="error-since"' in response.get_data(as_text=True)


def test_admins_own_actions_are_in_the_log(client, login, people):
    login(people.admin)
    client.post(f"/admin/organizations/{people.home.id}/deactivate")
    html = client.get("/admin/audit/?user=admin@").get_data(as_text=True)
    assert html.count('data-testid="audit-event"') == 1


def test_no_route_edits_or_deletes_audit_events(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule


def test_changes_read_as_words_names_and_dates_not_a_dump(client, login, people, make):
    homs = make.city(name_en="Homs", name_ar="حمص")
    hama = make.city(name_en="Hama", name_ar="حماة")
    dialogue = make.dialogue(organizer=people.home, city=homs)
    audit.record(
        "update",
        dialogue,
        user=people.staff,
        changes={
            "city_id": [homs.id, hama.id],
            "status": ["planned", "held"],
            "held_on": ["2026-01-05", "2026-02-01"],
            "_version": [1, 2],
            "source_links": ["https://a.example", "https://b.example"],
        },
    )
    audit.record(
        "acceptance",
        make.outcome(dialogue=dialogue),
        user=people.partner,
        changes={"update_id": 7, "status": "in_progress"},
    )
    people.admin.preferred_language = "en"
    login(people.admin)
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "Homs" in html and "Hama" in html and f"City {hama.id}" not in html
    assert "Planned" in html and "Held" in html and "in_progress" not in html
    assert "Jan 5, 2026" in html and "Feb 1, 2026" in html
    assert "_version" not in html and "update_id" not in html and "['" not in html
    assert "https://a.example; https://b.example" in html
    assert "Outcome accepted" in html and ">acceptance<" not in html
    people.admin.preferred_language = "ar"
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "حماة" in html and "كانون الثاني 2026" in html
