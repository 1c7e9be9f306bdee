"""The first journey: an Arabic visitor switches to English, signs in and reads a dialogue."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from app.auth.models import Role
from app.dialogues.models import Visibility
from tests.factories import PASSWORD


def loaded_stylesheets(page) -> list[str]:
    """The stylesheets the page really loaded (an unloaded sheet has no readable rules)."""
    page.wait_for_load_state("load")
    return page.evaluate(
        """() => [...document.styleSheets]
            .filter(sheet => sheet.href && sheet.cssRules.length > 0)
            .map(sheet => new URL(sheet.href).pathname)"""
    )


def urlpath(url: str) -> str:
    return urlparse(url).path


def bootstrap_sheets(page) -> list[str]:
    return [href.rsplit("/", 1)[-1] for href in loaded_stylesheets(page) if "bootstrap" in href]


def test_arabic_visitor_switches_to_english_signs_in_and_reads_a_dialogue(
    page, live_server, make, db, shoot, expect, browser_log
):
    organisation = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    organizer = make.user(
        role=Role.ORGANIZER,
        name="Rana Haddad",
        email="rana@example.org",
        organization=organisation,
    )
    dialogue = make.dialogue(
        organizer=organisation,
        visibility=Visibility.PUBLIC,
        title_ar="السلامة المجتمعية في حمص",
        title_en="Community safety in Homs",
    )
    email, name, dialogue_id = organizer.email, organizer.name, dialogue.id
    title_ar, title_en = dialogue.title_ar, dialogue.title_en
    db.session.commit()  # the server thread reads through its own connections

    html = page.locator("html")
    navbar = page.locator("nav.navbar")

    # An Arabic browser gets the home page right to left, with Bootstrap's RTL build.
    page.goto("/")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert bootstrap_sheets(page) == ["bootstrap.rtl.min.css"]
    expect(page.get_by_role("link", name=title_ar)).to_be_visible()
    shoot("home-ar")

    # The visible language switch in the navbar turns the same page into English.
    switch = navbar.locator("form[action='/language']").get_by_role("button", name="English")
    expect(switch).to_be_visible()
    switch.click()
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    assert urlpath(page.url) == "/"
    assert bootstrap_sheets(page) == ["bootstrap.min.css"]
    expect(page.get_by_role("link", name=title_en)).to_be_visible()
    shoot("home-en")

    # Sign in through the real form (CSRF on) and land back where we were.
    navbar.get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/auth/login\b"))
    form = page.locator("main form")
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    shoot("login-en")
    form.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in-as")).to_contain_text(name)
    assert urlpath(page.url) == "/"
    expect(html).to_have_attribute("lang", "en")
    shoot("signed-in-en")

    # The dialogue list, then the dialogue itself.
    navbar.get_by_role("link", name="Dialogues").click()
    expect(page).to_have_url(re.compile(r"/dialogues/$"))
    link = page.locator("main").get_by_role("link", name=title_en)
    expect(link).to_be_visible()
    shoot("dialogues-en")

    link.click()
    expect(page).to_have_url(re.compile(rf"/dialogues/{dialogue_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title_en)
    shoot("dialogue-en")

    # Chromium asks for /favicon.ico by itself and the app has none yet; that is not this journey.
    errors = [e for e in browser_log.console_errors if "/favicon.ico" not in e]
    assert errors == []
