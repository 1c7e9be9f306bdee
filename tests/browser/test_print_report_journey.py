"""The city dashboard printed to A4 by Chromium (page.pdf), in English and Arabic: a few pages,
the report's header on the first, page numbers, the map drawn; the PDF's pages rendered to PNG
with pdftoppm (poppler-utils) for a person to look at. Also: the map without tiles draws the
outline of Syria, and the overview's governorates open onto their cities."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from app.auth.models import Role
from app.outcomes.models import OutcomeStatus
from tests.browser.test_outcome_follow_up_journey import sign_in

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm"))


def poppler(tool: str, *args: str) -> str:
    """Run one of poppler-utils' programs (found on PATH) and return what it printed."""
    done = subprocess.run(  # noqa: S603 - a fixed program, no shell, our own arguments
        [shutil.which(tool) or tool, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")


@pytest.fixture
def homs(make, db):
    gov = make.governorate(code="SY04", name_en="Homs", name_ar="حمص", lat=34.46, lon=38.2)
    city = make.city(
        code="SY04-HOMS", name_en="Homs", name_ar="حمص", governorate=gov, lat=34.73, lon=36.71
    )
    town = make.city(
        code="SY04-TALLKALAKH",
        name_en="Talkalakh",
        name_ar="تلكلخ",
        governorate=gov,
        lat=34.67,
        lon=36.26,
    )
    themes = [
        make.theme(code=f"t{i}", name_en=f"Theme {i}", name_ar=f"موضوع {i}") for i in range(6)
    ]
    today = date.today()
    for i in range(14):
        dialogue = make.dialogue(
            city=city if i % 4 else town,
            held_on=today - timedelta(days=25 * i + 3),
            title_en=f"Dialogue {i}",
            title_ar=f"حوار {i}",
        )
        make.axis(dialogue=dialogue, theme=themes[i % 6])
        make.outcome(dialogue=dialogue, theme=themes[i % 6], status=list(OutcomeStatus)[i % 6])
    make.user(email="donor@example.org", role=Role.DONOR, preferred_language="en")
    db.session.commit()
    return city


def pdf_text(path, *args):
    return poppler("pdftotext", "-layout", *args, str(path), "-")


def pages(path):
    info = poppler("pdfinfo", str(path))
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@needs_poppler
@pytest.mark.parametrize(
    ("language", "header", "place", "printed"),
    [
        ("en", "Hiwar · City dashboard", "Homs", "Printed"),
        ("ar", "لوحة معلومات المدينة", "حمص", "تاريخ الطباعة"),
    ],
)
def test_the_city_dashboard_prints_as_a_short_a4_report(
    page, homs, tmp_path, language, header, place, printed, browser_log
):
    if language == "en":
        sign_in(page, "donor@example.org")
    page.goto("/cities/SY04-HOMS?period=12")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    pdf = tmp_path / f"homs-{language}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)

    count = pages(pdf)
    assert 1 <= count <= 4, count  # was 6-7 pages with every chart repeated as a table
    first = pdf_text(pdf, "-f", "1", "-l", "1")
    normalised = " ".join(first.split())
    for text in (header, place, printed, "/cities/SY04-HOMS?period=12"):
        assert text in normalised, text
    # page numbers in the margin: "page 1 of N" (or its Arabic) on every page
    last = " ".join(pdf_text(pdf, "-f", str(count), "-l", str(count)).split())
    assert f"{count}" in last and ("of" in last or "من" in last)
    # the charts carry their numbers and the tables on demand stay out of print
    whole = pdf_text(pdf)
    assert "Show the numbers as a table" not in whole and "عرض الأرقام في جدول" not in whole

    pngs = tmp_path / "pages"
    pngs.mkdir()
    poppler("pdftoppm", "-r", "50", "-png", str(pdf), str(pngs / language))
    assert len(list(pngs.glob("*.png"))) == count
    print(f"PDF pages as PNG in {pngs}")
    assert browser_log.console_errors == []


@needs_poppler
def test_the_printed_map_is_drawn(page, homs, tmp_path):
    page.goto("/cities/SY04")
    page.emulate_media(media="print")
    figure = page.get_by_test_id("static-map")
    assert figure.is_visible()
    assert figure.locator("circle").count() == 2  # Homs and Talkalakh
    assert figure.locator("path").count() == 14
    page.emulate_media(media="screen")
    assert not figure.is_visible()  # on screen the interactive map shows instead


def test_the_map_without_tiles_draws_the_outline(page, homs, expect):
    page.goto("/map")
    holder = page.locator("[data-map]")
    expect(holder).to_have_attribute("data-outline-drawn", "14")
    assert page.locator(".leaflet-hiwar-outline-pane path").count() >= 14


def test_governorates_open_onto_their_cities(page, homs, expect):
    page.goto("/dashboard")
    city = page.get_by_test_id("row-SY04-HOMS")
    expect(city).to_be_hidden()
    toggle = page.get_by_test_id("toggle-SY04")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(city).to_be_visible()
    expect(page.get_by_test_id("row-SY04-TALLKALAKH")).to_be_visible()
