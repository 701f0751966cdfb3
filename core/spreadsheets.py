"""Safe spreadsheet cells for every export (results, nominations, audit, anything later).

A value a person typed — a contest title, a tier name, a worker's or an enterprise's name,
a judge's label — must never run in Excel, LibreOffice or WPS. Two things keep it inert:

- it is stored as a text cell (`data_type` "s"), never as a formula, whatever it starts
  with; openpyxl would otherwise turn any string starting with "=" into a formula;
- it follows the OWASP CSV-injection rule: a value starting with "=", "+", "-", "@", a tab
  or a carriage return gets a leading apostrophe, so it stays text even when someone
  copies it into another sheet or saves the workbook as CSV.

Characters that the xlsx format cannot hold (C0 controls other than tab, newline and
carriage return) are dropped: pasted names sometimes carry them, and openpyxl refuses them.

Numbers, dates and booleans are written as they are: only text is escaped, so scores still
sort and sum. Use `set_text` on a cell of an ordinary worksheet and `text_cell` in a
write-only workbook; `write_value` decides for a value of any type.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

# OWASP "CSV Injection": characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# Values written as they are: numbers and dates are data, not text a person typed.
PLAIN_TYPES = (bool, int, float, Decimal, datetime.date, datetime.datetime, datetime.time)


def safe_text(value: Any) -> str:
    """`value` as text that no spreadsheet will evaluate. `None` becomes ""."""
    if value is None:
        return ""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return ESCAPE + text
    return text


def set_text(cell: Cell | WriteOnlyCell, value: Any) -> Cell | WriteOnlyCell:
    """Store `value` in `cell` as escaped text, typed as a string (never a formula)."""
    cell.value = safe_text(value)
    cell.data_type = "s"  # set after the value: openpyxl infers "f" from a leading "="
    return cell


def write_value(cell: Cell | WriteOnlyCell, value: Any) -> Cell | WriteOnlyCell:
    """Numbers, dates and `None` as they are (booleans too); anything else as safe text."""
    if value is None or isinstance(value, PLAIN_TYPES):
        cell.value = value
        return cell
    return set_text(cell, value)


def write_text_at(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column)` holding `value` as safe text."""
    return set_text(sheet.cell(row=row, column=column), value)


def text_cell(sheet: Worksheet, value: Any) -> WriteOnlyCell:
    """A cell for `sheet.append([...])` in a write-only workbook, holding safe text."""
    return set_text(WriteOnlyCell(sheet), value)


def value_cell(sheet: Worksheet, value: Any) -> WriteOnlyCell:
    """Like `text_cell` for a value of any type (see `write_value`)."""
    return write_value(WriteOnlyCell(sheet), value)
