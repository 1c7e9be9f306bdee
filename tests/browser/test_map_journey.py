"""The map in a real browser: planted names stay text, popups link to the filtered list."""

from __future__ import annotations

from app.dialogues.models import Visibility
from app.outcomes.models import OutcomeStatus

PAYLOAD = "<img src=x onerror=alert(1)>${alert(2)}`\\\u202eRLO \"'"


def test_markers_popups_and_planted_names_in_the_browser(
    page, live_server, make, db, shoot, browser_log
):
    homs = make.city(name_en="Homs", name_ar="حمص", lat=34.73, lon=36.71)
    planted = make.city(name_en=PAYLOAD, name_ar=PAYLOAD, lat=36.2, lon=37.15)
    held = make.dialogue(city=homs)
    make.outcome(dialogue=held, status=OutcomeStatus.ACHIEVED, progress_verified=100)
    theme = make.theme(name_en=PAYLOAD, name_ar=PAYLOAD)
    make.axis(dialogue=make.dialogue(city=planted), theme=theme)
    make.dialogue(city=make.city(), visibility=Visibility.INTERNAL)  # no marker for a visitor
    db.session.commit()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto("/map")
    markers = page.locator("path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    markers.nth(1).click(force=True)  # the planted city: added second, drawn second
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert PAYLOAD in text.replace("\n", "")  # the city's name, verbatim (as the theme below)
    assert popup.locator("img").count() == 0
    links = popup.locator("a")  # the city's dashboard, then its dialogues
    assert links.first.get_attribute("href") == f"/cities/{planted.code}"
    assert links.last.get_attribute("href") == f"/dialogues/?city={planted.id}"
    shoot("map-popup-ar")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert browser_log.console_errors == []
