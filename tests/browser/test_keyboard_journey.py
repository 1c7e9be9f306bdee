"""An organiser registers a dialogue with the keyboard alone: Tab from field to field, type,
pick from lists with the arrow keys, add a discussion axis with its button, submit with Enter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.auth.models import Role
from tests.factories import PASSWORD


@pytest.fixture
def browser_locale() -> str:
    return "en"  # the date box takes its digits in the locale's order (MM/DD/YYYY)


def tab_to(page, selector: str, limit: int = 300) -> None:
    """Press Tab until the element matching the selector has the focus (and fail if never)."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_an_organiser_registers_a_dialogue_with_the_keyboard_alone(
    page, live_server, make, db, reference_data, expect, browser_log
):
    from sqlalchemy import select

    from app.dialogues.models import Dialogue

    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    make.user(
        role=Role.ORGANIZER,
        email="rana@example.org",
        organization=organiser,
        preferred_language="en",
    )
    db.session.commit()

    page.goto("/auth/login")
    tab_to(page, "input[name=email]")
    page.keyboard.type("rana@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/outcomes/attention")

    page.goto("/dialogues/new")
    tab_to(page, "[name=title_en]")
    page.keyboard.type("Keyboard-only session in Homs")
    tab_to(page, "[name=held_on]")
    held = date.today() - timedelta(days=3)
    page.keyboard.type(held.strftime("%m%d%Y"))
    tab_to(page, "input[type=search][aria-controls=city_id]")
    page.keyboard.type("Homs")
    expect(page.locator("#city_id option:checked")).to_have_text("Homs")
    tab_to(page, "[name=status]")
    page.keyboard.type("Held")  # a closed select takes its choice from typed letters
    tab_to(page, "[name=visibility]")
    page.keyboard.type("Public")
    # A second discussion axis through its own button, reached and pressed with the keyboard.
    tab_to(page, "[name='axes-0-title']")
    page.keyboard.type("Community safety")
    page.keyboard.press("Tab")  # to the axis's theme
    page.keyboard.press("ArrowDown")  # the first theme
    tab_to(page, "fieldset[data-rows=axes] [data-row-action=add]")
    expect(page.locator(":focus")).to_have_text("Add an axis")
    page.keyboard.press("Enter")
    expect(page.locator("[name='axes-1-title']")).to_be_focused()
    page.keyboard.type("Roles of civil society")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the second theme
    tab_to(page, "form.dialogue-form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert not errors, errors
    page.wait_for_url("**/dialogues/*")

    dialogue = db.session.scalars(
        select(Dialogue).where(Dialogue.title_en == "Keyboard-only session in Homs")
    ).one()
    assert dialogue.held_on == held
    assert dialogue.city.name_en == "Homs"
    assert dialogue.status.value == "held" and dialogue.visibility.value == "public"
    assert [axis.title for axis in dialogue.axes] == ["Community safety", "Roles of civil society"]
    assert all(axis.theme_id for axis in dialogue.axes)
    assert not browser_log.console_errors
