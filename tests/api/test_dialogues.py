"""Contract of /api/v1/dialogues: shape, visibility per role, filters, pages, errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.tokens.models import TokenScope
from tests import factories
from tests.api.conftest import ids


@pytest.fixture
def homs_session(make):
    """A dialogue with everything the detail shows, including what only some may see."""
    d = make.dialogue(
        visibility=Visibility.PARTNERS,
        venue="Hotel Safir",
        venue_lat=34.7301,
        venue_lon=36.7102,
        source_links="https://example.org/report\n\nhttps://example.org/photos",
        summary_en="Community safety in Homs",
    )
    partner = make.organization()
    make.link(dialogue=d, organization=partner, role=LinkRole.PARTNER)
    make.axis(dialogue=d, position=1)
    make.priority(dialogue=d)
    make.outcome(dialogue=d, responsible_org=partner)
    make.statement(dialogue=d, consent_to_publish=True, text="Said in public")
    make.statement(dialogue=d, consent_to_publish=False, text="Said in confidence")
    return d, partner


def test_the_detail_has_axes_priorities_outcomes_and_both_languages(api, make, homs_session):
    dialogue, partner = homs_session
    token = factories.api_token(make.user(role=Role.PARTNER, organization=partner))
    body = api.get(f"/dialogues/{dialogue.id}", token=token).get_json()
    assert body["id"] == dialogue.id
    assert body["title_ar"] == dialogue.title_ar and body["title_en"] == dialogue.title_en
    assert body["held_on"] == dialogue.held_on.isoformat()
    assert set(body["city"]) == {"id", "code", "name_ar", "name_en"}
    assert [a["position"] for a in body["axes"]] == [1]
    assert body["axes"][0]["theme"]["name_ar"]
    assert len(body["priorities"]) == 1 and len(body["outcomes"]) == 1
    assert body["outcomes"][0]["responsible_organization"]["id"] == partner.id
    assert body["organizations"] == [
        {
            "organization": {
                "id": partner.id,
                "name_ar": partner.name_ar,
                "name_en": partner.name_en,
            },
            "role": "partner",
        }
    ]
    assert body["source_links"] == ["https://example.org/report", "https://example.org/photos"]
    assert body["participants"]["total"]["value"] == dialogue.participants_total
    assert body["participants"]["total"]["suppressed"] is None
    assert body["url"].endswith(f"/api/v1/dialogues/{dialogue.id}")
    assert body["page_url"].endswith(f"/dialogues/{dialogue.id}")


def test_only_the_organisers_staff_get_the_venue_coordinates(api, make, homs_session):
    dialogue, partner = homs_session
    partner_token = factories.api_token(make.user(role=Role.PARTNER, organization=partner))
    own_token = factories.api_token(make.user(organization=dialogue.organizer))
    body = api.get(f"/dialogues/{dialogue.id}", token=partner_token).get_json()
    assert body["venue"] == "Hotel Safir" and body["venue_location"] is None
    assert "34.73" not in json.dumps(body)
    own = api.get(f"/dialogues/{dialogue.id}", token=own_token).get_json()
    assert own["venue_location"] == {"lat": 34.7301, "lon": 36.7102}


def test_small_participant_counts_are_withheld_as_on_the_page(api, make):
    from app.dialogues.models import Sector, SectorCount

    dialogue = make.dialogue(
        participants_total=30, participants_women=3, participants_men=27, participants_youth=9
    )
    dialogue.sector_counts.append(SectorCount(sector=Sector.MEDIA, count=2))
    public = api.get(f"/dialogues/{dialogue.id}").get_json()["participants"]
    small = {"value": None, "suppressed": "small", "rounded": False, "recorded": True}
    assert public["total"] == {"value": 30, "suppressed": None, "rounded": True, "recorded": True}
    assert public["women"] == small
    assert public["men"]["value"] in (25, 30) and public["men"]["rounded"]  # rounded, not exact
    assert public["share_women"] is None
    assert public["by_sector"] == {"media": small}
    own = factories.api_token(make.user(organization=dialogue.organizer))
    exact = api.get(f"/dialogues/{dialogue.id}", token=own).get_json()["participants"]
    assert exact["women"]["value"] == 3 and exact["share_women"] == 0.1
    assert exact["men"] == {"value": 27, "suppressed": None, "rounded": False, "recorded": True}
    assert exact["by_sector"]["media"]["value"] == 2


def test_a_count_not_recorded_is_null_not_zero(api, make):
    dialogue = make.dialogue(
        participants_total=None,
        participants_women=None,
        participants_men=None,
        participants_youth=None,
    )
    body = api.get(f"/dialogues/{dialogue.id}").get_json()["participants"]
    assert body["total"] == {"value": None, "suppressed": None, "rounded": False, "recorded": False}
    assert body["women"]["value"] is None and body["share_women"] is None
    assert body["dialogues_recorded"] == 0


def test_unconsented_statements_stay_with_the_organiser(api, make, homs_session):
    dialogue, partner = homs_session
    partner_token = factories.api_token(make.user(role=Role.PARTNER, organization=partner))
    own_token = factories.api_token(make.user(organization=dialogue.organizer))
    shown = api.get(f"/dialogues/{dialogue.id}", token=partner_token).get_json()["statements"]
    assert [s["text"] for s in shown] == ["Said in public"]
    own = api.get(f"/dialogues/{dialogue.id}", token=own_token).get_json()["statements"]
    assert {s["text"] for s in own} == {"Said in public", "Said in confidence"}


def test_no_email_address_or_persons_name_is_ever_sent(api, make, homs_session):
    dialogue, _ = homs_session
    staff = make.user(organization=dialogue.organizer, name="Rania Haddad")
    token = factories.api_token(staff)
    for path in (f"/dialogues/{dialogue.id}", "/dialogues", "/outcomes", "/organizations"):
        text = api.get(path, token=token).get_data(as_text=True)
        assert "@" not in text.replace("@example.org/", ""), path
        assert "Rania" not in text, path


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("anonymous", {"public"}),
        ("donor", {"public", "donors", "donors_linked"}),
        ("partner", {"public", "donors_linked", "partners_linked"}),
        ("organizer", {"public", "internal_own"}),
        ("admin", {"public", "donors", "donors_linked", "partners_linked", "internal_own"}),
    ],
)
def test_each_role_lists_and_opens_exactly_what_it_may_see(api, make, role, visible):
    centre, partner = make.organization(), make.organization()
    records = {
        "public": make.dialogue(visibility=Visibility.PUBLIC),
        "donors": make.dialogue(visibility=Visibility.DONORS),
        "donors_linked": make.dialogue(visibility=Visibility.DONORS),
        "partners_linked": make.dialogue(visibility=Visibility.PARTNERS),
        "internal_own": make.dialogue(visibility=Visibility.INTERNAL, organizer=centre),
    }
    for name in ("donors_linked", "partners_linked"):
        make.link(dialogue=records[name], organization=partner)
    users = {
        "donor": make.user(role=Role.DONOR, organization=make.organization()),
        "partner": make.user(role=Role.PARTNER, organization=partner),
        "organizer": make.user(role=Role.ORGANIZER, organization=centre),
        "admin": make.user(admin=True),
    }
    token = factories.api_token(users[role], scope=TokenScope.READ) if role in users else None
    expected = {records[name].id for name in visible}
    assert set(ids(api.get("/dialogues", token=token))) == expected
    for name, record in records.items():
        status = api.get(f"/dialogues/{record.id}", token=token).status_code
        assert status == (200 if name in visible else 404), (role, name)


def test_a_session_cookie_grants_nothing_on_the_api(client, api, login, make):
    internal = make.dialogue(visibility=Visibility.INTERNAL)
    login(make.user(organization=internal.organizer))
    assert client.get(f"/dialogues/{internal.id}").status_code == 200
    assert api.get(f"/dialogues/{internal.id}").status_code == 404
    assert ids(api.get("/dialogues")) == []


def test_archived_dialogues_are_out_of_the_list(api, make):
    from app.db import utcnow

    archived = make.dialogue(visibility=Visibility.PUBLIC, archived_at=utcnow())
    assert ids(api.get("/dialogues")) == []
    assert api.get(f"/dialogues/{archived.id}").status_code == 404
    own = factories.api_token(make.user(organization=archived.organizer))
    assert api.get(f"/dialogues/{archived.id}", token=own).get_json()["archived"] is True


def test_filters_narrow_the_list(api, make):
    homs, hama = make.city(), make.city()
    theme = make.theme()
    a = make.dialogue(city=homs, held_on=date.today() - timedelta(days=3))
    b = make.dialogue(city=hama, held_on=date.today() - timedelta(days=40))
    make.axis(dialogue=b, theme=theme)
    assert ids(api.get("/dialogues", query_string={"city": homs.id})) == [a.id]
    assert ids(api.get("/dialogues", query_string={"theme": theme.id})) == [b.id]
    since = (date.today() - timedelta(days=10)).isoformat()
    assert ids(api.get("/dialogues", query_string={"from": since})) == [a.id]
    assert ids(api.get("/dialogues", query_string={"q": hama.name_en})) == [b.id]


def test_pages_have_a_stable_order_and_next_links(api, make):
    held = date.today() - timedelta(days=5)
    made = [make.dialogue(held_on=held) for _ in range(5)]  # same day: the id breaks the tie
    first = api.get("/dialogues", query_string={"per_page": 2}).get_json()
    assert first["total"] == 5 and first["previous"] is None
    seen = [d["id"] for d in first["items"]]
    url = first["next"]
    while url:
        page = api.client.get(url).get_json()
        seen += [d["id"] for d in page["items"]]
        url = page["next"]
    assert seen == sorted((d.id for d in made), reverse=True)
    assert "per_page=2" in first["next"] and "page=2" in first["next"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"city": "999999"}, "city"),
        ({"format": "party"}, "format"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-05-01", "to": "2026-01-01"}, "to"),
        ({"q": "x" * 201}, "q"),
        ({"sort": "random"}, "sort"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "1000"}, "per_page"),
        ({"page": "-1"}, "page"),
    ],
)
def test_an_invalid_parameter_is_a_422_naming_it(api, params, field):
    response = api.get("/dialogues", query_string=params)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == [field]


def test_messages_come_in_the_language_of_accept_language(api):
    arabic = api.get("/dialogues/999", language="ar").get_json()["error"]
    english = api.get("/dialogues/999", language="en").get_json()["error"]
    assert arabic["code"] == english["code"] == "not_found"
    assert english["message"] == "Not found, or you may not see it."
    assert arabic["message"] == "غير موجود، أو لا يحق لك رؤيته."
    invalid = api.get("/dialogues?from=x", language="ar").get_json()["error"]
    assert invalid["fields"]["from"] == ["أدخل التاريخ بالصيغة YYYY-MM-DD."]


def test_unknown_addresses_and_methods_answer_in_the_same_shape(api):
    missing = api.get("/no-such-thing")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = api.post("/dialogues")
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in wrong.headers["Allow"]


def test_a_server_error_is_json_without_a_trace(api, make, monkeypatch):
    from app.api import serializers

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    make.city()
    monkeypatch.setattr(serializers, "place", broken)
    response = api.get("/places")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "server_error"
    assert "boom" not in response.get_data(as_text=True)
