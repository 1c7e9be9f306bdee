"""An organizer, in Arabic, registers a whole dialogue and finds it again by a sloppy spelling."""

from __future__ import annotations

from datetime import date, timedelta

from app.auth.models import Role
from tests.factories import PASSWORD
from tests.photos.images import jpeg_with_everything

TITLE = "الأمن والسلامة المجتمعية في حمص"


def fill_row(page, list_name: str, index: int, values: dict[str, str]) -> None:
    for name, value in values.items():
        locator = page.locator(f"[name='{list_name}-{index}-{name}']")
        if locator.evaluate("el => el.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)


def add_rows(page, list_name: str, wanted: int) -> None:
    add = page.locator(f"fieldset[data-rows='{list_name}'] [data-row-action='add']")
    while page.locator(f"fieldset[data-rows='{list_name}'] .row-item").count() < wanted:
        add.click()


def test_organizer_registers_a_dialogue_and_finds_it_by_a_loose_spelling(
    page, live_server, make, db, reference_data, shoot, expect, browser_log
):
    from sqlalchemy import select

    from app.places.models import Place
    from app.themes.models import Theme

    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    partner = make.organization(name_en="Homs Youth Network", name_ar="شبكة شباب حمص")
    make.user(role=Role.ORGANIZER, email="rana@example.org", name="رنا", organization=organiser)
    homs_id = db.session.scalar(select(Place.id).where(Place.code == "SY04-HOMS"))
    themes = [str(t) for t in db.session.scalars(select(Theme.id).order_by(Theme.code)).all()[:7]]
    partner_id = str(partner.id)
    db.session.commit()

    page.goto("/auth/login")
    page.fill("input[name=email]", "rana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url("**/outcomes/attention")  # an organiser lands on what needs attention

    page.goto("/dialogues/new")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("[name=title_ar]", TITLE)
    page.fill("[name=title_en]", "Security and community safety in Homs")
    page.fill("[name=held_on]", (date.today() - timedelta(days=10)).isoformat())
    page.locator("input[type=search][aria-controls=city_id]").fill("حمص")
    expect(page.locator("#city_id")).to_have_value(str(homs_id))
    page.select_option("[name=status]", "held")
    page.select_option("[name=visibility]", "public")
    page.fill("[name=venue]", "فندق في وسط المدينة")
    page.fill("[name=participants_total]", "42")
    page.fill("[name=participants_women]", "19")
    page.fill("[name=participants_men]", "23")

    add_rows(page, "axes", 7)
    for index in range(7):
        fill_row(
            page, "axes", index, {"title": f"المحور رقم {index + 1}", "theme_id": themes[index]}
        )
    add_rows(page, "priorities", 3)
    for index, kind in enumerate(["concern", "gap", "priority"]):
        fill_row(
            page,
            "priorities",
            index,
            {"kind": kind, "text": f"أولوية {index}", "theme_id": themes[0]},
        )
    add_rows(page, "outcomes", 2)
    due = (date.today() + timedelta(days=90)).isoformat()
    for index, kind in enumerate(["recommendation", "commitment"]):
        fill_row(
            page,
            "outcomes",
            index,
            {
                "kind": kind,
                "text": f"مخرج {index}",
                "theme_id": themes[1],
                "responsible_org_id": partner_id,
                "due_on": due,
            },
        )
    page.set_input_files(
        "[name=photos]",
        files=[{"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_everything()}],
    )
    page.fill("[name=photo_caption]", "القاعة")
    shoot("form-filled-ar")
    page.locator("form.dialogue-form button[type=submit]").last.click()

    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("ol.list-group-numbered li")).to_have_count(7)
    expect(page.locator("img[src*='/thumbnail']")).to_have_count(1)
    shoot("saved-ar")

    # Found again without the hamza and with ه for ة.
    page.goto("/dialogues/?q=" + "الامن السلامه")
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    shoot("search-ar")
    result.click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    assert browser_log.console_errors == []
