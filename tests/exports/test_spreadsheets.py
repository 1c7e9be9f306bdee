"""The workbook behaves like a spreadsheet made by hand (asserted with openpyxl), and the CSV
says its charset once."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from tests.exports.test_exports import AR, EN, download


def workbook(client, headers=EN, path="/exports/hiwar.xlsx"):
    return openpyxl.load_workbook(io.BytesIO(download(client, path, headers=headers)))


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    return headers.index(header) + 1


def test_dates_are_real_dates(client, world):
    book = workbook(client)
    dialogues = book["Dialogues"]
    held = dialogues.cell(row=3, column=column(dialogues, "Date held"))
    assert isinstance(held.value, datetime.datetime)  # openpyxl reads dates back as datetimes
    assert held.is_date and held.number_format == "yyyy-mm-dd"
    held_on = sorted(d.held_on for d in world["dialogues"] if d.visibility.value == "public")
    shown = sorted(
        dialogues.cell(row=r, column=held.column).value.date()
        for r in range(3, dialogues.max_row + 1)
    )
    assert shown == held_on
    outcomes = book["Outcomes"]
    due = column(outcomes, "Due date")
    values = [outcomes.cell(row=r, column=due).value for r in range(3, outcomes.max_row + 1)]
    assert datetime.datetime(2026, 1, 1) in values  # the overdue outcome
    assert all(v is None or isinstance(v, datetime.datetime) for v in values)  # none is text


def test_numbers_are_numbers(client, login, world):
    login(world["users"]["organizer"])  # no suppression: every count is a number
    dialogues = workbook(client)["Dialogues"]
    for header in ("Dialogue id", "Participants", "Women", "Latitude (city)", "Recommendations"):
        values = [
            dialogues.cell(row=r, column=column(dialogues, header)).value
            for r in range(3, dialogues.max_row + 1)
        ]
        assert values and all(isinstance(v, int | float) for v in values), header
        assert dialogues.cell(row=3, column=column(dialogues, header)).data_type == "n"


def test_withheld_counts_are_empty_cells_beside_numbers_with_a_flag(client, world):
    """Issue 14: a withheld count is an empty cell (the column stays numeric for HXL) and the
    flag column names it."""
    dialogues = workbook(client)["Dialogues"]
    rows = range(3, dialogues.max_row + 1)
    women = [dialogues.cell(row=r, column=column(dialogues, "Women")).value for r in rows]
    flags = [
        dialogues.cell(row=r, column=column(dialogues, "Withheld (under 5)")).value for r in rows
    ]
    assert None in women and any(isinstance(v, int) for v in women)
    assert "<5" not in women
    assert all(flag and "women" in flag for value, flag in zip(women, flags) if value is None)


@pytest.mark.parametrize(("headers", "rtl"), [(AR, True), (EN, False)])
def test_arabic_workbooks_read_right_to_left(client, world, headers, rtl):
    book = workbook(client, headers)
    assert [bool(sheet.sheet_view.rightToLeft) for sheet in book] == [rtl, rtl, rtl]


def test_headers_stay_in_view_with_a_filter_and_sensible_widths(client, world):
    book = workbook(client)
    for sheet in (book["Dialogues"], book["Outcomes"]):
        assert sheet.freeze_panes == "A3"  # the header and the HXL rows
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        # the filter sits on the HXL row, so sorting never moves the two header rows
        assert sheet.auto_filter.ref == f"A2:{last}{sheet.max_row}"
        widths = [sheet.column_dimensions[c].width for c in ("A", "B", last)]
        assert all(8 <= w <= 60 for w in widths), widths
        assert sheet["A1"].font.b
    dialogues = book["Dialogues"]
    title = openpyxl.utils.get_column_letter(column(dialogues, "Title (English)"))
    assert dialogues.column_dimensions[title].width > dialogues.column_dimensions["A"].width
    described = book["Columns"]
    assert described.freeze_panes == "A2"
    assert described.auto_filter.ref == f"A1:D{described.max_row}"


def test_an_empty_workbook_still_opens(client, db):
    book = workbook(client)
    assert book["Dialogues"].max_row == 2
    assert book["Dialogues"].auto_filter.ref.startswith("A2:")


@pytest.mark.parametrize(
    "path", ["/exports/dialogues.csv", "/exports/outcomes.csv", "/exports/hiwar.xlsx"]
)
def test_the_content_type_says_its_charset_once(client, world, path):
    content_type = client.get(path).headers["Content-Type"]
    if path.endswith(".csv"):
        assert content_type == "text/csv; charset=utf-8"
    else:
        assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_queue_csv_says_its_charset_once(client, login, world):
    login(world["users"]["partner"])
    response = client.get("/exports/outcome-queue.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
