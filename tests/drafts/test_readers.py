"""Reading reports: each kind of file, and each kind of bad input with its message."""

from __future__ import annotations

import pytest

from app.drafts.readers import MAX_TEXT_CHARS, ReportError, check_text, read_upload
from tests.drafts import files
from tests.drafts.conftest import CORPUS

ENGLISH = [
    "Workshop in Deir Ezzor on returns",
    "DEIR EZZOR - The Euphrates Civic Forum organised a workshop on 19 October 2026.",
    "Ahmad Al-Hussein, the forum's coordinator, said that returns are fast.",
]


def message(error) -> str:
    return str(error.value.message)


def test_a_text_file_in_utf8_or_windows_arabic():
    text = "جلسة حوارية في حمص"
    assert read_upload("r.txt", text.encode("utf-8")) == text
    assert read_upload("r.txt", text.encode("cp1256")) == text


def test_a_saved_web_page_gives_its_main_text_without_menus_or_scripts():
    page = (CORPUS / "ar13_baniyas_page.html").read_bytes()
    text = read_upload("page.html", page)
    assert text.startswith("جلسة حوارية في بانياس حول السلم الأهلي")
    assert "نظّم منتدى الساحل للسلم الأهلي" in text
    for junk in ("alert", "tracking", "اتصل بنا", "الدوري المحلي", "<"):
        assert junk not in text


def test_a_docx_with_a_bullet_list():
    data = files.docx(
        ["محضر اجتماع", "محاور النقاش:", "خطاب الكراهية", "التماسك الاجتماعي"], bullets=2
    )
    assert read_upload("minutes.docx", data).splitlines() == [
        "محضر اجتماع",
        "محاور النقاش:",
        "- خطاب الكراهية",
        "- التماسك الاجتماعي",
    ]


def test_a_pdf_with_a_text_layer():
    text = read_upload("report.pdf", files.pdf(ENGLISH))
    assert "Euphrates Civic Forum organised a workshop" in text


def test_a_scanned_pdf_without_text_is_refused():
    with pytest.raises(ReportError) as error:
        read_upload("scan.pdf", files.pdf(None))
    assert "no text layer" in message(error)


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated():
    bomb = files.docx_bomb()
    assert len(bomb) < 1_000_000
    with pytest.raises(ReportError) as error:
        read_upload("bomb.docx", bomb)
    assert "expands to far more" in message(error)


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", b"just some text, not a PDF"),
        ("report.docx", "نص عادي".encode()),
        ("report.txt", files.pdf(ENGLISH)),
        ("report.txt", files.docx(["x"])),
        ("report.html", b"plain words without any markup"),
        ("report.docx", files.pdf(ENGLISH)),
    ],
)
def test_a_file_that_is_not_what_its_name_says(name, data):
    with pytest.raises(ReportError) as error:
        read_upload(name, data)
    assert "not what its name says" in message(error)


def test_other_kinds_of_file_and_empty_files():
    with pytest.raises(ReportError):
        read_upload("photo.jpg", b"\xff\xd8\xff\xe0")
    with pytest.raises(ReportError) as error:
        read_upload("r.txt", b"   ")
    assert "empty" in message(error)


def test_empty_and_too_long_text():
    with pytest.raises(ReportError) as error:
        check_text("  \n ")
    assert "empty" in message(error)
    with pytest.raises(ReportError) as error:
        check_text("ا" * (MAX_TEXT_CHARS + 1))
    assert str(MAX_TEXT_CHARS) in message(error)
    assert check_text("ا" * MAX_TEXT_CHARS)


def test_a_damaged_docx():
    with pytest.raises(ReportError) as error:
        read_upload("r.docx", b"PK\x03\x04 broken")
    assert "damaged" in message(error)
