"""CSV (UTF-8 with a BOM, so that Excel reads Arabic) and XLSX from the export tables."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.exports.tables import Column

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


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Column], Iterable[dict[str, Any]]]]) -> bytes:
    """One sheet per table, then a sheet that describes every column."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        for line in _table(columns, rows):
            sheet.append(line)
    described = workbook.create_sheet(_("Columns"))
    bold = Font(bold=True)
    header = [_("Sheet"), _("Column"), _("HXL hashtag"), _("What it holds")]
    described.append([_bold_cell(described, text, bold) for text in header])
    for title, columns, _rows in sheets:
        for column in columns:
            described.append([title, str(column.header), column.hxl, str(column.description)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold_cell(sheet: Any, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell
