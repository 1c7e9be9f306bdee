"""Filters on the dialogue list: each one, together, bad values, and the visibility rule."""

from datetime import date
from urllib.parse import urlencode

import pytest

from app.auth.models import Role
from app.dialogues.filters import DialogueFilters, apply_filters
from app.dialogues.models import DialogueFormat, DialogueStatus, LinkRole, Visibility
from app.dialogues.visibility import visible_dialogues
from app.extensions import db

EN = {"Accept-Language": "en"}


def list_page(client, **params) -> str:
    response = client.get(f"/dialogues/?{urlencode(params)}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def titles_in(html: str, *titles: str) -> set[str]:
    return {title for title in titles if f"<bdi>{title}</bdi>" in html}


def test_governorate_and_city(client, make):
    homs = make.governorate(name_en="Homs governorate")
    homs_city = make.city(governorate=homs)
    tadmor = make.city(governorate=homs)
    aleppo = make.city()
    make.dialogue(city=homs_city, title_en="In Homs")
    make.dialogue(city=tadmor, title_en="In Tadmor")
    make.dialogue(city=aleppo, title_en="In Aleppo")
    all_three = ("In Homs", "In Tadmor", "In Aleppo")

    html = list_page(client, governorate=homs.id)
    assert titles_in(html, *all_three) == {"In Homs", "In Tadmor"}
    assert "2 dialogues" in html
    html = list_page(client, city=tadmor.id)
    assert titles_in(html, *all_three) == {"In Tadmor"}
    assert "1 dialogue" in html
    assert titles_in(list_page(client, governorate=homs.id, city=aleppo.id), *all_three) == set()


@pytest.mark.parametrize("tagged", ["axis", "priority", "outcome"])
def test_theme_matches_axes_priorities_and_outcomes(client, make, tagged):
    theme, other = make.theme(), make.theme()
    tagged_dialogue = make.dialogue(title_en="Tagged")
    getattr(make, tagged)(dialogue=tagged_dialogue, theme=theme)
    make.axis(dialogue=make.dialogue(title_en="Untagged"), theme=other)
    html = list_page(client, theme=theme.id)
    assert titles_in(html, "Tagged", "Untagged") == {"Tagged"}


def test_a_theme_on_many_rows_still_lists_the_dialogue_once(client, make):
    theme = make.theme()
    dialogue = make.dialogue(title_en="Many rows")
    for position in range(1, 4):
        make.axis(dialogue=dialogue, theme=theme, position=position)
        make.priority(dialogue=dialogue, theme=theme)
        make.outcome(dialogue=dialogue, theme=theme)
    html = list_page(client, theme=theme.id)
    assert "1 dialogue" in html
    assert html.count("<bdi>Many rows</bdi>") == 1


def test_organisation_matches_the_organiser_and_linked_organisations(client, make):
    org = make.organization()
    make.dialogue(organizer=org, title_en="Organised")
    linked = make.dialogue(title_en="Linked")
    make.link(dialogue=linked, organization=org, role=LinkRole.FUNDER)
    other = make.dialogue(title_en="Other")
    make.link(dialogue=other, role=LinkRole.PARTNER)
    html = list_page(client, organization=org.id)
    assert titles_in(html, "Organised", "Linked", "Other") == {"Organised", "Linked"}


def test_format_and_status(client, make):
    make.dialogue(format=DialogueFormat.WORKSHOP, status=DialogueStatus.HELD, title_en="Workshop")
    make.dialogue(format=DialogueFormat.FORUM, status=DialogueStatus.PLANNED, title_en="Forum")
    assert titles_in(list_page(client, format="workshop"), "Workshop", "Forum") == {"Workshop"}
    assert titles_in(list_page(client, status="planned"), "Workshop", "Forum") == {"Forum"}


def test_date_range_includes_both_ends(client, make):
    for day in (1, 10, 20):
        make.dialogue(held_on=date(2025, 3, day), title_en=f"March {day}")
    titles = ("March 1", "March 10", "March 20")
    html = list_page(client, **{"from": "2025-03-10", "to": "2025-03-20"})
    assert titles_in(html, *titles) == {"March 10", "March 20"}
    assert titles_in(list_page(client, **{"to": "2025-03-01"}), *titles) == {"March 1"}
    assert titles_in(list_page(client, **{"from": "2025-03-11"}), *titles) == {"March 20"}


def test_visibility_filter_for_signed_in_users(client, login, make):
    staff = make.user(role=Role.ORGANIZER)
    for visibility in Visibility:
        make.dialogue(
            organizer=staff.organization, visibility=visibility, title_en=f"{visibility} one"
        )
    login(staff)
    html = list_page(client, visibility="internal")
    assert titles_in(html, *(f"{v} one" for v in Visibility)) == {"internal one"}
    assert 'name="visibility"' in html


def test_anonymous_users_are_offered_no_visibility_filter_and_it_is_ignored(client, make):
    make.dialogue(visibility=Visibility.PUBLIC, title_en="Public one")
    make.dialogue(visibility=Visibility.INTERNAL, title_en="Internal one")
    html = list_page(client, visibility="internal")
    assert 'name="visibility"' not in html
    assert titles_in(html, "Public one", "Internal one") == {"Public one"}


def test_filters_combine(client, make):
    city = make.city()
    org = make.organization()
    theme = make.theme()
    target = make.dialogue(
        city=city, organizer=org, status=DialogueStatus.REPORTED, held_on=date(2025, 5, 1)
    )
    make.axis(dialogue=target, theme=theme)
    target.title_en = "Target"
    near_misses = {
        "Wrong city": {"organizer": org, "status": DialogueStatus.REPORTED},
        "Wrong status": {"city": city, "organizer": org, "status": DialogueStatus.HELD},
        "Wrong organiser": {"city": city, "status": DialogueStatus.REPORTED},
    }
    for title, values in near_misses.items():
        miss = make.dialogue(title_en=title, held_on=date(2025, 5, 1), **values)
        make.axis(dialogue=miss, theme=theme)
    make.dialogue(
        title_en="No theme",
        city=city,
        organizer=org,
        status=DialogueStatus.REPORTED,
        held_on=date(2025, 5, 1),
    )
    html = list_page(
        client,
        city=city.id,
        organization=org.id,
        status="reported",
        theme=theme.id,
        **{"from": "2025-04-01", "to": "2025-05-31"},
    )
    assert titles_in(html, "Target", "No theme", *near_misses) == {"Target"}
    assert "1 dialogue" in html


def test_sort_by_city_name(client, make):
    zabadani = make.city(name_en="Zabadani")
    afrin = make.city(name_en="Afrin")
    make.dialogue(city=zabadani, held_on=date(2025, 6, 1), title_en="Newer in Zabadani")
    make.dialogue(city=afrin, held_on=date(2024, 6, 1), title_en="Older in Afrin")
    by_date = list_page(client)
    assert by_date.index("Newer in Zabadani") < by_date.index("Older in Afrin")
    by_city = list_page(client, sort="city")
    assert by_city.index("Older in Afrin") < by_city.index("Newer in Zabadani")


def test_pagination_keeps_the_filters(client, make):
    city = make.city()
    for _ in range(51):
        make.dialogue(city=city, status=DialogueStatus.HELD)
    make.dialogue(status=DialogueStatus.HELD, title_en="Elsewhere")
    html = list_page(client, city=city.id, status="held", q="")
    assert "51 dialogues" in html
    assert f'href="/dialogues/?page=2&amp;city={city.id}&amp;status=held"' in html
    second = list_page(client, page=2, city=city.id, status="held")
    assert second.count("<tr>") == 1 + 1
    assert "Elsewhere" not in second


def test_active_filters_are_shown_with_a_clear_link(client, make):
    city = make.city(name_en="Salamiyah")
    make.dialogue(city=city)
    html = list_page(client, city=city.id, status="held", sort="city")
    assert 'data-testid="active-filters"' in html
    assert "City: <bdi>Salamiyah</bdi>" in html
    assert "Status: <bdi>Held</bdi>" in html
    # removing one filter keeps the others; clearing keeps only the order
    assert f'href="/dialogues/?city={city.id}&amp;sort=city"' in html
    assert 'href="/dialogues/?sort=city" data-testid="clear-filters"' in html
    assert 'data-testid="active-filters"' not in list_page(client)


def test_the_list_speaks_arabic_right_to_left(client, make):
    make.dialogue()
    html = client.get("/dialogues/?status=planned", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )
    assert 'dir="rtl"' in html
    assert "المدينة" in html  # the City label
    assert "لا توجد حوارات تطابق عوامل التصفية هذه" in html


BAD_VALUES = [
    ("city", "abc"),
    ("city", "999999"),
    ("city", "1.5"),
    ("governorate", "-1"),
    ("theme", "'; DROP TABLE dialogues; --"),
    ("organization", "٣"),
    ("format", "party"),
    ("status", "HELD"),
    ("sort", "title"),
    ("from", "2025-02-30"),
    ("to", "yesterday"),
    ("from", "99999-01-01"),
    ("q", "x" * 201),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_bad_values_are_explained_next_to_the_field_and_ignored(client, make, name, value):
    make.dialogue(title_en="Still listed")
    response = client.get(f"/dialogues/?{urlencode({name: value})}", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'data-testid="error-{name}"' in html
    assert "ignored" in html
    assert "Still listed" in html  # the bad filter narrowed nothing


def test_a_bad_filter_leaves_the_good_ones_applied(client, make):
    make.dialogue(status=DialogueStatus.HELD, title_en="Held one")
    make.dialogue(status=DialogueStatus.PLANNED, title_en="Planned one")
    html = list_page(client, status="planned", city="nowhere")
    assert 'data-testid="error-city"' in html
    assert titles_in(html, "Held one", "Planned one") == {"Planned one"}


def test_a_reversed_date_range_is_explained_and_ignored(client, make):
    make.dialogue(held_on=date(2025, 1, 15), title_en="January")
    html = list_page(client, **{"from": "2025-02-01", "to": "2025-01-01"})
    assert 'data-testid="error-to"' in html
    assert "The end date is before the start date" in html
    assert "January" in html


def test_an_inactive_theme_is_not_offered(client, make):
    active = make.theme(name_en="Living theme")
    retired = make.theme(name_en="Retired theme", active=False)
    html = list_page(client)
    assert f'<option value="{active.id}">Living theme</option>' in html
    assert "Retired theme" not in html
    assert 'data-testid="error-theme"' in list_page(client, theme=retired.id)


def test_filtering_by_an_internal_dialogues_organisation_shows_the_public_nothing(client, make):
    secretive = make.organization()
    make.dialogue(organizer=secretive, visibility=Visibility.INTERNAL, title_en="Internal one")
    make.dialogue(visibility=Visibility.PUBLIC, title_en="Public one")
    html = list_page(client, organization=secretive.id)
    assert titles_in(html, "Internal one", "Public one") == set()
    assert "0 dialogues" in html


@pytest.mark.parametrize("visibility", ["internal", "partners", "donors"])
def test_filters_never_widen_what_a_partner_sees(client, login, make, visibility):
    partner = make.user(role=Role.PARTNER)
    organiser = make.organization()
    hidden = make.dialogue(
        organizer=organiser, visibility=Visibility(visibility), title_en="Not theirs"
    )
    theme = make.theme()
    make.axis(dialogue=hidden, theme=theme)
    login(partner)
    for params in (
        {"visibility": visibility},
        {"organization": organiser.id},
        {"theme": theme.id},
        {"city": hidden.city_id},
        {"governorate": hidden.city.governorate_id},
    ):
        html = list_page(client, **params)
        assert "Not theirs" not in html, params
        assert "0 dialogues" in html, params


def test_apply_filters_only_narrows_the_visibility_query(make):
    org = make.organization()
    make.dialogue(organizer=org, visibility=Visibility.INTERNAL)
    public = make.dialogue(organizer=org, visibility=Visibility.PUBLIC)
    filters = DialogueFilters(organization_id=org.id, visibility=Visibility.INTERNAL)
    assert db.session.scalars(apply_filters(visible_dialogues(None), filters)).all() == []
    no_filters = apply_filters(visible_dialogues(None), DialogueFilters())
    assert db.session.scalars(no_filters).all() == [public]


def build_dialogues(make, count, *, city, organiser, theme):
    partner = make.organization()
    for _ in range(count):
        dialogue = make.dialogue(organizer=organiser, city=city, held_on=date(2025, 4, 1))
        make.link(dialogue=dialogue, organization=partner)
        make.axis(dialogue=dialogue, theme=theme)
        make.priority(dialogue=dialogue, theme=theme)
        make.outcome(dialogue=dialogue, theme=theme, responsible_org=partner)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_filtered_list_runs_the_same_number_of_queries_for_10_and_500_dialogues(
    client, login, make, count_queries, signed_in
):
    city, organiser, theme = make.city(), make.organization(), make.theme()
    if signed_in:
        login(make.user(role=Role.ORGANIZER, organization=organiser))
    params = {
        "governorate": city.governorate_id,
        "city": city.id,
        "theme": theme.id,
        "organization": organiser.id,
        "format": "session",
        "status": "held",
        "from": "2025-01-01",
        "to": "2025-12-31",
        "sort": "city",
    }
    if signed_in:
        params["visibility"] = "public"
    path = f"/dialogues/?{urlencode(params)}"
    build_dialogues(make, 10, city=city, organiser=organiser, theme=theme)
    client.get(path)  # warm up
    with count_queries() as small:
        assert "10 dialogues" in client.get(path, headers=EN).get_data(as_text=True)
    build_dialogues(make, 490, city=city, organiser=organiser, theme=theme)
    client.get(path)
    with count_queries() as large:
        assert "500 dialogues" in client.get(path, headers=EN).get_data(as_text=True)
    assert len(large) == len(small)


def test_the_filtered_list_is_one_link_from_the_same_map(client):
    html = client.get("/dialogues/?status=held", headers={"Accept-Language": "en"})
    link = html.get_data(as_text=True).split('data-testid="as-map"')[0].rsplit("<a ", 1)[1]
    assert 'href="/map?status=held"' in link
