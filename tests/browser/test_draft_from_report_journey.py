"""An organiser pastes a published Arabic report, sees the dialogue form filled in with the
evidence of each field, corrects one field, saves through the ordinary form; the dialogue's page
shows the axes, the statement (not published) and the source."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app.auth.models import Role
from tests.factories import PASSWORD

REPORT = (Path(__file__).parents[1] / "fixtures" / "reports" / "ar07_damascus_jisr.txt").read_text(
    encoding="utf-8"
)
CORRECTED = "جلسة حوارية حول العدالة الانتقالية وكشف مصير المفقودين في دمشق"


def test_an_organiser_drafts_a_dialogue_from_an_arabic_report(
    page, live_server, make, db, reference_data, shoot, expect, browser_log
):
    centre = make.organization(name_en="Al-Jisr Dialogue Centre", name_ar="مركز الجسر للحوار")
    make.user(role=Role.ORGANIZER, email="rasha@example.org", organization=centre)
    db.session.commit()
    published = date.today() - timedelta(days=2)

    page.goto("/auth/login")
    page.fill("input[name=email]", "rasha@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url("**/outcomes/attention")  # an organiser lands on what needs attention

    page.goto("/dialogues/new")
    page.locator("[data-testid=start-from-report]").click()
    page.fill("[name=text]", REPORT)
    page.fill("[name=published_on]", published.isoformat())
    shoot("paste-ar")
    page.locator("form [type=submit]").last.click()

    panel = page.locator("[data-testid=draft-evidence]")
    expect(panel).to_be_visible()
    expect(page.locator("[name=venue]")).to_have_value("فندق الشام")
    held = published - timedelta(days=1)  # "أمس": the day before publication
    expect(page.locator("[name=held_on]")).to_have_value(held.isoformat())
    expect(page.locator("[name='axes-0-title']")).to_have_value("العدالة الانتقالية والمساءلة")
    expect(page.locator("[name='statements-0-consent_level']")).to_have_value("internal")
    venue = panel.locator("details", has_text="فندق الشام").first
    evidence = venue.locator("blockquote")
    expect(evidence).to_be_hidden()
    venue.locator("summary").click()
    expect(evidence).to_contain_text("عقد مركز الجسر للحِوار أمس في فندق الشام بدمشق")
    expect(panel.locator("[data-testid=draft-missing]")).to_be_visible()
    shoot("drafted-ar")

    page.fill("[name=title_ar]", CORRECTED)  # the organiser corrects one field
    for select in page.locator("select[name$='-theme_id']").all():
        row = select.get_attribute("name").rsplit("-", 1)[0]
        text = page.locator(f"[name='{row}-title'], [name='{row}-text']").first.input_value()
        if text.strip() and not select.input_value():
            select.select_option(index=1)
    page.locator("form.dialogue-form button[type=submit]").last.click()

    expect(page.locator("h1")).to_contain_text(CORRECTED)
    expect(page.locator("body")).to_contain_text("ملف المعتقلين والمفقودين والمختفين قسرياً")
    statement = page.locator("blockquote.statement").first
    expect(statement).to_be_visible()
    expect(page.locator("blockquote.statement .badge").first).to_be_visible()  # not published
    expect(page.locator("[data-testid=sources]")).to_contain_text("سانا")
    source = page.locator("[data-testid=report-source]")
    expect(source).to_be_visible()
    source.locator("summary").click()
    expect(source).to_contain_text("وبحثت الجلسة عدة محاور")
    shoot("saved-ar")
    assert browser_log.console_errors == []
