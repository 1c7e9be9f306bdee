"""The map per viewer in a real browser: circles and points counted against the database, the
popup's way to the city dashboard, and planted titles that stay text in the dialogue layer."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.dialogues.models import Dialogue, Visibility
from app.dialogues.visibility import visible_dialogues
from tests.browser.test_outcome_follow_up_journey import sign_in

PAYLOAD = "<img src=x onerror=alert(1)>${alert(2)}`\\\u202eRLO \"'"


@pytest.fixture
def world(make, db):
    homs = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص", lat=34.73, lon=36.71)
    hama = make.city(code="SY05-HAMA", name_en="Hama", name_ar="حماة", lat=35.13, lon=36.75)
    idlib = make.city(code="SY07-IDLIB", name_en="Idlib", name_ar="إدلب", lat=35.93, lon=36.63)
    organizer_org = make.organization(name_en="Homs Dialogue Centre")
    for _ in range(3):
        make.dialogue(city=homs, organizer=organizer_org)
    make.dialogue(city=homs, organizer=organizer_org, visibility=Visibility.INTERNAL)
    make.dialogue(city=hama, visibility=Visibility.DONORS)
    make.dialogue(city=idlib, organizer=organizer_org, visibility=Visibility.PARTNERS)
    make.dialogue(city=hama, title_en=PAYLOAD, title_ar=PAYLOAD)
    make.user(email="donor@example.org", role=Role.DONOR, preferred_language="en")
    make.user(email="organizer@example.org", organization=organizer_org, preferred_language="en")
    db.session.commit()
    return {"homs": homs}


def expected_for(db, email):
    from app.auth.models import User

    user = db.session.scalar(sa.select(User).where(User.email == email)) if email else None
    visible = visible_dialogues(user).with_only_columns(Dialogue.id, Dialogue.city_id)
    rows = db.session.execute(visible).all()
    return len({city for _, city in rows}), len(rows)


def turn_on_dialogue_layer(page):
    page.get_by_label("Individual dialogues").check()
    holder = page.locator("[data-points-url]")
    page.wait_for_function(
        "el => el.dataset.pointsLoaded !== undefined", arg=holder.element_handle()
    )
    return holder.get_attribute("data-points-loaded")


@pytest.mark.parametrize("email", [None, "donor@example.org", "organizer@example.org"])
def test_each_viewer_sees_exactly_the_circles_and_points_the_database_allows(
    page, world, db, email, browser_log
):
    cities, dialogues = expected_for(db, email)
    if email:
        sign_in(page, email)
    page.goto("/map?lang=en")
    circles = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    circles.first.wait_for()
    assert circles.count() == cities
    assert page.locator("[data-testid=map-table] tbody tr").count() == cities
    assert turn_on_dialogue_layer(page) == str(dialogues)
    assert browser_log.console_errors == []


@pytest.fixture
def browser_locale():
    return "en"


def test_a_popup_leads_to_the_city_dashboard(page, world, expect, shoot):
    page.goto("/map")
    circles = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    circles.first.wait_for()
    circles.first.click(force=True)  # Homs: the most dialogues, drawn first
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Homs")
    link = popup.get_by_role("link", name="City dashboard")
    assert link.get_attribute("href") == "/cities/SY04-HOMS"
    shoot("map-popup-en")
    link.click()
    expect(page.locator("h1")).to_contain_text("Homs")
    expect(page.get_by_test_id("kpi-dialogues").get_by_test_id("value")).to_have_text("3")


def test_planted_titles_stay_text_in_the_dialogue_layer(page, world, db, browser_log):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    planted = db.session.scalar(sa.select(Dialogue.id).where(Dialogue.title_en == PAYLOAD))
    page.goto("/map")
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").first.wait_for()
    turn_on_dialogue_layer(page)
    # Open the planted dialogue's own popup where it stands (no zoom animation to wait for).
    page.evaluate(
        """(id) => {
            const holder = document.querySelector("[data-points-url]");
            const map = window[holder.dataset.map];
            const marker = window[holder.dataset.cluster].getLayers().find(
                (m) => m.getPopup() &&
                    m.getPopup().getContent()().querySelector("a").href.endsWith("/" + id));
            marker.getPopup().setLatLng(marker.getLatLng()).openOn(map);
        }""",
        planted,
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert PAYLOAD in popup.inner_text().replace("\n", "")
    assert popup.locator("img").count() == 0
    assert popup.locator("a").get_attribute("href") == f"/dialogues/{planted}"
    page.wait_for_timeout(300)
    assert dialogs == []
    assert browser_log.console_errors == []


def test_many_dialogues_arrive_as_clusters_that_open_as_the_map_zooms_in(
    page, world, make, db, browser_log
):
    homs = world["homs"]
    for _ in range(40):
        make.dialogue(city=homs)
    db.session.commit()
    _, dialogues = expected_for(db, None)
    page.goto("/map?lang=en")
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").first.wait_for()
    assert turn_on_dialogue_layer(page) == str(dialogues)  # every one, in points or clusters
    holder = page.locator("[data-points-url]")
    assert int(holder.get_attribute("data-features")) < dialogues
    cluster = page.locator(".map-cluster").first  # Homs' 3 + 40 public (Hama's may join them)
    cluster.wait_for()
    count = int(cluster.inner_text())
    assert count >= 43
    assert f"{count} dialogues here" in cluster.get_attribute("title")
    zoom = page.evaluate("() => window[document.querySelector('[data-map]').dataset.map].getZoom()")
    cluster.click()
    page.wait_for_function(
        "z => window[document.querySelector('[data-map]').dataset.map].getZoom() > z", arg=zoom
    )
    # Zoomed in on Homs, the layer is asked again for the new view; what it draws still adds up
    # to the dialogues in view.
    page.wait_for_function(
        "el => Number(el.dataset.pointsLoaded) > 0 && el.dataset.features !== undefined",
        arg=holder.element_handle(),
    )
    assert browser_log.console_errors == []
