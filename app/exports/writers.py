"""CSV (UTF-8 with a BOM, so that Excel reads Arabic) and XLSX from the export tables.

The workbook behaves like a spreadsheet someone made by hand: dates are dates, numbers are
numbers, the header and HXL rows stay in view (frozen) with a filter on the HXL row (so that
sorting never moves the two header rows), columns are wide enough for what they hold, and an
Arabic workbook reads right to left."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.exports.tables import Column
from app.i18n import current_language

# A cell that starts like a formula is run by spreadsheet programs (CSV injection): such text
# gets a leading apostrophe, which they show as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _table(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    yield [str(column.header) for column in columns]
    yield [column.hxl for column in columns]  # the HXL row sits between the header and the data
    for row in rows:
        yield [safe_cell(row[column.key]) for column in columns]


def to_csv(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(_table(columns, rows))
    return buffer.getvalue().encode("utf-8-sig")


DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 8, 60


def _xlsx_value(column: Column, value: Any) -> Any:
    """A real date for a date column (an empty cell when there is none); the rest as is."""
    if column.kind == "date":
        return date.fromisoformat(value) if value else None
    return safe_cell(value)


def _width(values: Iterable[Any]) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def _styled(sheet: Any, value: Any, *, font: Font | None = None, number_format: str | None = None):
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _prepare(sheet: Any, widths: list[float], *, header_rows: int, rows: int) -> None:
    """Before the first row (write-only sheets take these up front)."""
    sheet.sheet_view.rightToLeft = current_language() == "ar"
    sheet.freeze_panes = f"A{header_rows + 1}"
    last = get_column_letter(len(widths))
    sheet.auto_filter.ref = f"A{header_rows}:{last}{header_rows + rows}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Column], Iterable[dict[str, Any]]]]) -> bytes:
    """One sheet per table, then a sheet that describes every column."""
    workbook = Workbook(write_only=True)
    bold, hashtag = Font(bold=True), Font(italic=True, color="555555")
    for title, columns, rows in sheets:
        rows = list(rows)
        sheet = workbook.create_sheet(title)
        widths = [
            _width([str(c.header), c.hxl, *(row[c.key] for row in rows[:500])]) for c in columns
        ]
        _prepare(sheet, widths, header_rows=2, rows=len(rows))
        sheet.append([_styled(sheet, str(c.header), font=bold) for c in columns])
        sheet.append([_styled(sheet, c.hxl, font=hashtag) for c in columns])
        for row in rows:
            sheet.append(
                [
                    _styled(sheet, _xlsx_value(c, row[c.key]), number_format=DATE_FORMAT)
                    if c.kind == "date"
                    else _xlsx_value(c, row[c.key])
                    for c in columns
                ]
            )
    described = workbook.create_sheet(_("Columns"))
    header = [_("Sheet"), _("Column"), _("HXL hashtag"), _("What it holds")]
    lines = [
        [title, str(column.header), column.hxl, str(column.description)]
        for title, columns, _rows in sheets
        for column in columns
    ]
    widths = [_width([text, *(line[i] for line in lines)]) for i, text in enumerate(header)]
    _prepare(described, widths, header_rows=1, rows=len(lines))
    described.append([_styled(described, text, font=bold) for text in header])
    for line in lines:
        described.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
