"""A donor opens the overview in English, goes to Homs, switches to Arabic, sets the period to
the last twelve months and downloads the workbook; the numbers are the database's."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest

from app.auth.models import Role
from app.dialogues.models import Visibility
from tests.browser.test_outcome_follow_up_journey import sign_in


@pytest.fixture
def browser_locale():
    return "en"


def test_a_donor_reads_homs_and_takes_the_numbers_away(
    page, make, db, expect, shoot, browser_log, tmp_path
):
    homs_gov = make.governorate(code="SY04", name_en="Homs", name_ar="حمص")
    homs = make.city(code="SY04-HOMS", name_en="Homs", name_ar="حمص", governorate=homs_gov)
    hama = make.city(code="SY05-HAMA", name_en="Hama", name_ar="حماة")
    today = date.today()
    recent = make.dialogue(
        city=homs,
        held_on=today - timedelta(days=40),
        title_ar="تحديات السلامة المجتمعية في حمص",
        title_en="Community safety in Homs",
    )
    make.dialogue(city=homs, held_on=today - timedelta(days=60), visibility=Visibility.DONORS)
    make.dialogue(city=homs, held_on=today - timedelta(days=500))  # outside the last 12 months
    make.dialogue(city=homs, visibility=Visibility.INTERNAL)  # not for donors
    make.dialogue(city=hama)
    make.user(email="donor@example.org", role=Role.DONOR, preferred_language="en")
    db.session.commit()

    sign_in(page, "donor@example.org")
    page.goto("/dashboard")
    expect(page.locator("h1")).to_contain_text("Where dialogue is happening")
    page.get_by_test_id("toggle-SY04").click()  # the governorate opens onto its cities
    homs_row = page.get_by_test_id("row-SY04-HOMS")
    expect(homs_row.get_by_test_id("dialogues")).to_have_text("3")
    shoot("overview-en")
    homs_row.get_by_role("link", name="Homs").click()
    expect(page.locator("h1")).to_contain_text("Homs")
    expect(page.get_by_test_id("kpi-dialogues").get_by_test_id("value")).to_have_text("3")

    page.locator("form.language-switch button", has_text="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("حمص")

    page.select_option("select[name=period]", "12")
    page.get_by_test_id("dashboard-filters").locator("button[type=submit]").click()
    expect(page.get_by_test_id("kpi-dialogues").get_by_test_id("value")).to_have_text("2")
    assert "period=12" in page.url
    shoot("homs-12-months-ar")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == ["الحوارات", "المخرجات", "الأعمدة"]
    rows = list(book["الحوارات"].values)
    assert rows[1][0] == "#meta+id"
    ids = sorted(row[0] for row in rows[2:])
    assert len(ids) == 2 and recent.id in ids  # the last 12 months of Homs, as on the page
    assert "تحديات السلامة المجتمعية في حمص" in [row[2] for row in rows[2:]]
    assert browser_log.console_errors == []
