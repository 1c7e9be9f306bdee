"""The read-only dialogue pages: list and detail, for every role, in a fixed number of queries."""

import pytest

from app.auth.models import Role
from app.db import utcnow
from app.dialogues.models import DialogueStatus, LinkRole, Visibility

ROLES = [
    "anonymous",
    "organizer_same_org",
    "organizer_other_org",
    "partner_linked",
    "partner_unlinked",
    "donor",
    "admin",
]

# who may open a dialogue of each visibility (anything else is a 404, not a 403)
MAY_OPEN = {
    "public": set(ROLES),
    "donors": {"organizer_same_org", "partner_linked", "donor", "admin"},
    "partners": {"organizer_same_org", "partner_linked", "admin"},
    "internal": {"organizer_same_org", "admin"},
}


@pytest.fixture
def scene(make):
    organiser = make.organization()
    partner_org = make.organization()
    dialogues = {}
    for visibility in Visibility:
        dialogue = make.dialogue(
            organizer=organiser,
            visibility=visibility,
            title_en=f"A {visibility.value} dialogue",
            title_ar=f"حوار {visibility.value}",
        )
        make.link(dialogue=dialogue, organization=partner_org, role=LinkRole.PARTNER)
        dialogues[visibility.value] = dialogue
    users = {
        "organizer_same_org": make.user(role=Role.ORGANIZER, organization=organiser),
        "organizer_other_org": make.user(role=Role.ORGANIZER),
        "partner_linked": make.user(role=Role.PARTNER, organization=partner_org),
        "partner_unlinked": make.user(role=Role.PARTNER),
        "donor": make.user(role=Role.DONOR),
        "admin": make.user(admin=True),
    }
    return dialogues, users


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
def test_dialogue_page_opens_only_for_its_audience(client, login, scene, role, visibility):
    dialogues, users = scene
    if role != "anonymous":
        login(users[role])
    dialogue = dialogues[visibility]
    response = client.get(f"/dialogues/{dialogue.id}", headers={"Accept-Language": "en"})
    if role in MAY_OPEN[visibility]:
        assert response.status_code == 200
        assert f"A {visibility} dialogue" in response.get_data(as_text=True)
    else:
        assert response.status_code == 404
        assert f"A {visibility} dialogue" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_list_and_home_show_exactly_the_visible_dialogues(client, login, scene, role):
    dialogues, users = scene
    if role != "anonymous":
        login(users[role])
    for path in ("/dialogues/", "/"):
        html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        shown = {v for v in MAY_OPEN if f"A {v} dialogue" in html}
        assert shown == {v for v, audience in MAY_OPEN.items() if role in audience}, path


def test_the_list_counts_and_pages_by_fifty(client, make):
    city = make.city()
    organiser = make.organization()
    for _ in range(55):
        make.dialogue(city=city, organizer=organiser)
    first = client.get("/dialogues/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "55 dialogues" in first
    assert first.count("/dialogues/") >= 50
    second = client.get("/dialogues/?page=2", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert second.count("<tr>") == 1 + 5  # header row and the five left
    filtered = client.get("/dialogues/?status=held", headers={"Accept-Language": "en"})
    assert "page=2" in filtered.get_data(as_text=True)
    assert "status=held" in filtered.get_data(as_text=True).split('class="pagination', 1)[1]


@pytest.mark.parametrize("page", ["999", "-1", "abc"])
def test_odd_page_numbers_never_fail(client, make, page):
    make.dialogue()
    assert client.get(f"/dialogues/?page={page}").status_code == 200


def test_an_archived_dialogue_is_gone_for_the_public_but_restorable_by_its_organiser(
    client, login, make
):
    organiser_staff = make.user(role=Role.ORGANIZER)
    dialogue = make.dialogue(organizer=organiser_staff.organization, archived_at=utcnow())
    assert client.get(f"/dialogues/{dialogue.id}").status_code == 404
    login(organiser_staff)
    response = client.get(f"/dialogues/{dialogue.id}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "archived" in response.get_data(as_text=True)


def test_unconsented_statements_show_only_to_the_organiser(client, login, make):
    staff = make.user(role=Role.ORGANIZER)
    dialogue = make.dialogue(organizer=staff.organization, visibility=Visibility.PUBLIC)
    make.statement(dialogue=dialogue, text="قيل بموافقة", consent_to_publish=True)
    make.statement(dialogue=dialogue, text="قيل دون موافقة", consent_to_publish=False)
    public_html = client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    assert "قيل بموافقة" in public_html and "قيل دون موافقة" not in public_html
    login(staff)
    staff_html = client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    assert "قيل دون موافقة" in staff_html


def test_venue_coordinates_show_only_to_the_organiser(client, login, make):
    staff = make.user(role=Role.ORGANIZER)
    dialogue = make.dialogue(
        organizer=staff.organization, venue_lat=34.7312345, venue_lon=36.7098765
    )
    assert "34.73123" not in client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)
    login(staff)
    assert "34.73123" in client.get(f"/dialogues/{dialogue.id}").get_data(as_text=True)


def test_user_text_is_shown_as_text(client, make):
    dialogue = make.dialogue(title_en="<script>alert(1)</script>", title_ar=None)
    html = client.get(f"/dialogues/{dialogue.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def build_dialogues(make, count):
    organiser = make.organization()
    partner = make.organization()
    theme = make.theme()
    for _ in range(count):
        dialogue = make.dialogue(organizer=organiser)
        make.link(dialogue=dialogue, organization=partner)
        make.axis(dialogue=dialogue, theme=theme)
        make.priority(dialogue=dialogue, theme=theme)
        make.outcome(dialogue=dialogue, theme=theme, responsible_org=partner)
    return dialogue


@pytest.mark.parametrize("path", ["/", "/dialogues/"])
def test_lists_run_the_same_number_of_queries_for_10_and_500_dialogues(
    client, make, count_queries, path
):
    build_dialogues(make, 10)
    client.get(path)  # warm up
    with count_queries() as small:
        client.get(path)
    build_dialogues(make, 490)
    client.get(path)
    with count_queries() as large:
        client.get(path)
    assert len(large) == len(small)


def test_the_dialogue_page_runs_a_fixed_number_of_queries(client, make, count_queries):
    few = build_dialogues(make, 1)
    organiser = few.organizer
    many = make.dialogue(organizer=organiser)
    theme = make.theme()
    for position in range(1, 21):
        make.axis(dialogue=many, theme=make.theme(), position=position)
        make.priority(dialogue=many, theme=theme)
        make.outcome(dialogue=many, theme=theme)
        make.statement(dialogue=many, consent_to_publish=True)
        make.link(dialogue=many)
    with count_queries() as small:
        client.get(f"/dialogues/{few.id}")
    with count_queries() as large:
        client.get(f"/dialogues/{many.id}")
    assert len(large) == len(small)


def test_the_home_page_shows_what_happened_not_what_is_planned(client, make):
    from datetime import date, timedelta

    make.dialogue(title_en="Held last week", held_on=date.today() - timedelta(days=7))
    make.dialogue(
        title_en="Planned for next year",
        held_on=date.today() + timedelta(days=300),
        status=DialogueStatus.PLANNED,
    )
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Held last week" in html and "Planned for next year" not in html
