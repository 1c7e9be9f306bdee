"""An organiser records a dialogue from its published report, in a real browser: the convening
organisation by name, a named speaker with consent, a citation without a web address, two photos
chosen at once with a caption each; a mistake sends the form back and nothing typed or chosen is
lost (the photos are kept on the server, stripped, and shown again with their captions); the
"possibly the same dialogue" hint appears while typing and saving stays possible."""

from __future__ import annotations

from datetime import date, timedelta

from app.auth.models import Role
from app.dialogues.models import Visibility
from tests.factories import PASSWORD
from tests.photos.images import jpeg_with_everything, png

TITLE = "تحديات ومخاطر السلامة المجتمعية: حمص نموذجاً"


def test_a_report_is_recorded_whole_and_a_failed_save_loses_nothing(
    page, live_server, make, db, reference_data, shoot, expect, browser_log
):
    import sqlalchemy as sa

    from app.dialogues.models import Dialogue, Photo
    from app.places.models import Place

    organiser = make.organization(name_en="Homs Dialogue Centre", name_ar="مركز حمص للحوار")
    make.user(role=Role.ORGANIZER, email="rana@example.org", name="رنا", organization=organiser)
    homs = db.session.scalar(sa.select(Place).where(Place.code == "SY04-HOMS"))
    held = date.today() - timedelta(days=3)
    earlier = make.dialogue(
        city=homs,
        held_on=held - timedelta(days=1),
        title_ar="تحديات السلامة المجتمعية: حمص نموذجا",
        title_en=None,
        visibility=Visibility.PUBLIC,
    )
    db.session.commit()

    page.goto("/auth/login")
    page.fill("input[name=email]", "rana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[type=password]) [type=submit]").click()
    page.wait_for_url("**/outcomes/attention")  # an organiser lands on what needs attention

    page.goto("/dialogues/new")
    page.fill("[name=title_ar]", TITLE)
    page.locator("input[type=search][aria-controls=city_id]").fill("حمص")
    expect(page.locator("#city_id")).to_have_value(str(homs.id))
    page.locator("#city_id").dispatch_event("change")
    page.fill("[name=held_on]", held.isoformat())
    page.locator("[name=held_on]").dispatch_event("change")
    hint = page.locator("#similar-dialogues [data-testid=similar-dialogues]")
    expect(hint).to_be_visible()
    expect(hint.locator(f"a[href='/dialogues/{earlier.id}']")).to_be_visible()

    page.select_option("[name=status]", "reported")
    page.select_option("[name=visibility]", "public")
    page.fill("[name=venue]", "فندق سفير حمص")
    page.fill("[name=convening_org_name]", "مركز الحوار السوري")
    page.fill("[name='axes-0-title']", "قضايا الأمن والسلامة المجتمعية في حمص")
    page.locator("[name='axes-0-theme_id']").select_option(index=1)
    page.fill("[name='statements-0-text']", "الحوار المجتمعي آلية لتخفيف النزاعات.")
    page.fill("[name='statements-0-speaker_name']", "نورس العبد الله")
    page.fill("[name='statements-0-speaker_role']", "مدير وحدة التوافق والهوية المشتركة")
    page.select_option("[name='statements-0-consent_level']", "named")
    page.fill("[name='sources-0-publisher']", "سانا (SANA) — حمص")
    page.fill("[name='sources-0-published_on']", held.isoformat())
    page.fill("[name='sources-0-url']", "javascript:alert(1)")  # the mistake
    page.set_input_files(
        "[name=photos]",
        files=[
            {"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_everything()},
            {"name": "table.png", "mimeType": "image/png", "buffer": png()},
        ],
    )
    captions = page.locator("[data-photo-captions] input[name=photo_caption]")
    expect(captions).to_have_count(2)
    captions.nth(0).fill("القاعة")
    captions.nth(1).fill("الطاولة المستديرة")
    shoot("filled-ar")
    page.locator("form.dialogue-form button[type=submit]").last.click()

    # Sent back: the message is next to the address, and everything is still there.
    expect(page.locator("#sources-0-url-errors, .invalid-feedback").first).to_be_visible()
    expect(page.locator("[name=title_ar]")).to_have_value(TITLE)
    expect(page.locator("[name=convening_org_name]")).to_have_value("مركز الحوار السوري")
    expect(page.locator("[name='statements-0-speaker_name']")).to_have_value("نورس العبد الله")
    expect(page.locator("[name='statements-0-consent_level']")).to_have_value("named")
    expect(page.locator("[name='sources-0-publisher']")).to_have_value("سانا (SANA) — حمص")
    pending = page.locator("[data-testid=pending-photos] li")
    expect(pending).to_have_count(2)
    expect(pending.nth(0).locator("input[type=text], input:not([type])").first).to_have_value(
        "القاعة"
    )
    expect(pending.nth(1).locator("input:not([type])").first).to_have_value("الطاولة المستديرة")
    for index in range(2):
        loaded = pending.nth(index).locator("img").evaluate("img => img.naturalWidth > 0")
        assert loaded, "the kept photo's thumbnail is shown"
    expect(page.locator("#similar-dialogues [data-testid=similar-dialogues]")).to_be_visible()
    shoot("sent-back-ar")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Dialogue)) == 1

    page.fill("[name='sources-0-url']", "")
    page.locator("form.dialogue-form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("[data-testid=convener]")).to_contain_text("مركز الحوار السوري")
    expect(page.locator("blockquote.statement")).to_contain_text("نورس العبد الله")
    expect(page.locator("[data-testid=sources]")).to_contain_text("سانا (SANA) — حمص")
    expect(page.locator("img[src*='/thumbnail']")).to_have_count(2)
    expect(page.locator("figcaption")).to_have_text(["القاعة", "الطاولة المستديرة"])
    expect(page.locator(".alert-warning")).to_contain_text(f"#{earlier.id}")  # saved anyway
    shoot("saved-ar")

    db.session.expire_all()
    photos = db.session.scalars(sa.select(Photo).order_by(Photo.id)).all()
    assert [p.pending_key for p in photos] == [None, None]
    assert len({p.dialogue_id for p in photos}) == 1
    # The form sent back is a 400 by design; nothing else may have gone wrong (CSP, scripts).
    assert [e for e in browser_log.console_errors if "status of 400" not in e] == []
