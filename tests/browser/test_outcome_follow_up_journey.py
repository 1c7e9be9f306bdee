"""A partner (English) reports progress with evidence; the organiser (Arabic) sees it under
"needs attention" and verifies it; both then read the same timeline."""

from __future__ import annotations

from app.auth.models import Role
from app.dialogues.models import LinkRole, Visibility
from app.outcomes.models import OutcomeKind
from app.outcomes.services import record_assignment
from tests.factories import PASSWORD
from tests.photos.images import jpeg_with_everything

COMMITMENT = "تشكيل لجنة أحياء للسلامة المجتمعية"


def sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    # Each role lands on its own work (partners: queue, organisers: attention, donors: overview).
    page.wait_for_url(lambda url: "/auth/login" not in url)


def sign_out(page) -> None:
    page.locator("form[action$='/auth/logout'] button").click()
    page.wait_for_url("**/")


def test_partner_reports_and_organiser_verifies(page, live_server, make, db, shoot, expect):
    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    partner = make.organization(name_en="Homs Youth Network", name_ar="شبكة شباب حمص")
    homs = make.city(name_en="Homs", name_ar="حمص")
    dialogue = make.dialogue(
        organizer=organiser,
        city=homs,
        visibility=Visibility.PARTNERS,
        title_ar="تحديات السلامة المجتمعية في حمص",
        title_en="Community safety in Homs",
    )
    make.link(dialogue=dialogue, organization=partner, role=LinkRole.PARTNER)
    rana = make.user(
        role=Role.ORGANIZER,
        organization=organiser,
        email="rana@example.org",
        preferred_language="ar",
    )
    make.user(
        role=Role.PARTNER, organization=partner, email="sami@example.org", preferred_language="en"
    )
    outcome = make.outcome(
        dialogue=dialogue, responsible_org=partner, kind=OutcomeKind.COMMITMENT, text=COMMITMENT
    )
    record_assignment(outcome, rana)
    outcome_path = f"/outcomes/{outcome.id}"
    db.session.commit()

    # The partner, in English, accepts and reports progress with a link and a photo.
    sign_in(page, "sami@example.org")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(outcome_path)
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.select_option("[name=status]", "in_progress")
    page.fill("[name=progress]", "40")
    page.fill("[name=note]", "Two neighbourhood meetings held; the committee has 9 members.")
    page.fill("[name=evidence_url]", "https://example.org/minutes")
    page.set_input_files(
        "[name=photos]",
        files=[{"name": "meeting.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_everything()}],
    )
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator("[data-testid=reported]")).to_have_text("40%")
    expect(page.locator("[data-testid=verified]")).to_have_text("0%")
    shoot("partner-reported-en")
    partner_timeline = page.locator("[data-testid=timeline] > li").count()
    sign_out(page)

    # The organiser, in Arabic, finds it under needs attention and verifies it.
    sign_in(page, "rana@example.org")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto("/outcomes/attention")
    section = page.locator("[data-testid=section-awaiting-verification]")
    expect(section.get_by_role("link", name=COMMITMENT)).to_be_visible()
    shoot("organiser-attention-ar")
    section.get_by_role("link", name=COMMITMENT).click()
    expect(page.locator("[data-testid=review]")).to_be_visible()
    page.locator("[data-testid=review] button[formaction$='/verify']").click()
    expect(page.locator("[data-testid=verified]")).to_have_text("40%")
    shoot("organiser-verified-ar")
    organiser_items = page.locator("[data-testid=timeline] > li").count()
    assert organiser_items == partner_timeline + 1  # the verification
    sign_out(page)

    sign_in(page, "sami@example.org")
    page.goto(outcome_path)
    expect(page.locator("[data-testid=timeline] > li")).to_have_count(organiser_items)
    expect(page.locator("[data-testid=verified]")).to_have_text("40%")
