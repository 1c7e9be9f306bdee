"""An admin, in Arabic, creates an organisation and invites a partner; the partner opens the
e-mailed link, chooses a password and lands on the outcome queue."""

from __future__ import annotations

import pytest

from app.dialogues.models import LinkRole, Visibility
from tests.factories import PASSWORD
from tests.smtp import smtp_server

PARTNER_PASSWORD = "the citadel at dawn, 2026"


@pytest.fixture
def inbox(app, monkeypatch):
    with smtp_server(app, monkeypatch) as handler:
        yield handler


def test_admin_invites_a_partner_who_lands_on_the_queue(
    page, live_server, make, db, shoot, expect, browser_log, inbox
):
    make.user(admin=True, email="admin@example.org", name="مشرف المنصة", preferred_language="ar")
    homs = make.city(name_en="Homs", name_ar="حمص")
    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    db.session.commit()

    page.goto("/auth/login")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url("**/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Administration → Organisations → add one.
    page.locator("[data-testid=nav-admin]").click()
    page.get_by_role("link", name="المنظمات").click()
    page.locator("[data-testid=new-organization]").click()
    page.fill("[name=name_ar]", "شبكة شباب حمص")
    page.fill("[name=name_en]", "Homs Youth Network")
    page.select_option("[name=kind]", "civil_society")
    page.select_option("[name=home_city_id]", str(homs.id))
    shoot("admin-new-organisation-ar")
    page.locator("[data-testid=organization-form] [type=submit]").click()
    expect(page.locator("h1")).to_contain_text("شبكة شباب حمص")

    # From the organisation's page, invite its first partner.
    page.locator("[data-testid=invite-here]").click()
    page.fill("[name=email]", "sami@example.org")
    page.fill("[name=name]", "سامي")
    page.select_option("[name=role]", "partner")
    expect(page.locator("[name=organization_id] option:checked")).to_have_text("شبكة شباب حمص")
    page.select_option("[name=preferred_language]", "ar")
    shoot("admin-invite-ar")
    page.locator("[data-testid=user-form] [type=submit]").click()
    expect(page.locator("[data-testid=user-status]")).to_have_text("مدعوّ")
    expect(page.locator(".alert-success")).to_contain_text("sami@example.org")

    # Something for the partner's queue.
    from app.organizations.models import Organization

    partner_org = db.session.query(Organization).filter_by(name_en="Homs Youth Network").one()
    dialogue = make.dialogue(organizer=organiser, city=homs, visibility=Visibility.PARTNERS)
    make.link(dialogue=dialogue, organization=partner_org, role=LinkRole.PARTNER)
    make.outcome(dialogue=dialogue, responsible_org=partner_org, text="إطلاق خط ساخن لسلامة النساء")
    db.session.commit()

    # The partner, in a browser of their own, opens the e-mailed link.
    page.context.clear_cookies()
    [message] = inbox.to("sami@example.org")
    assert message["Subject"] == "دعوتك إلى منصة حوار"
    link = inbox.link_to("sami@example.org", "/auth/invitation/")
    page.goto(link)
    expect(page.locator("h1")).to_contain_text("سامي")
    page.fill("[name=password]", "short")
    page.fill("[name=confirm]", "short")
    page.locator("[data-testid=set-password-form] [type=submit]").click()
    expect(page.locator("#password-errors")).to_be_visible()
    shoot("invitee-weak-password-ar")
    page.fill("[name=password]", PARTNER_PASSWORD)
    page.fill("[name=confirm]", PARTNER_PASSWORD)
    page.locator("[data-testid=set-password-form] [type=submit]").click()
    page.wait_for_url("**/outcomes/")
    expect(page.locator("[data-testid=signed-in-as]")).to_contain_text("سامي")
    expect(page.get_by_text("إطلاق خط ساخن لسلامة النساء")).to_be_visible()
    shoot("partner-queue-ar")

    # The link is spent.
    page.goto(link)
    expect(page.locator("[data-testid=link-error]")).to_be_visible()
    # The refused password and the spent link are 400 pages, which Chromium logs; nothing else.
    assert [e for e in browser_log.console_errors if "status of 400" not in e] == []
