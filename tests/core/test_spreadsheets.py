"""core.spreadsheets: the one way every export writes a value a person typed."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import safe_text, set_text, text_cell, value_cell, write_value

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("typed", "stored"), [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil","点我")', '\'=HYPERLINK("http://evil","点我")'),
    ("+86 138", "'+86 138"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("王小明", "王小明"),
    ("a=1", "a=1"),
    ("", ""),
    (None, ""),
    ("王\x07小\x1b明", "王小明"),  # controls xlsx cannot hold are dropped
    ("\x07=1", "'=1"),  # and dropping them cannot uncover a formula
])
def test_safe_text_follows_the_owasp_rule(typed, stored):
    assert safe_text(typed) == stored


def _round_trip(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def test_cells_are_text_never_formulas_after_saving():
    workbook = Workbook()
    sheet = workbook.active
    set_text(sheet["A1"], "=1+1")
    write_value(sheet["A2"], '=HYPERLINK("http://x")')
    write_value(sheet["A3"], Decimal("12.50"))
    write_value(sheet["A4"], datetime.date(2026, 5, 1))
    write_value(sheet["A5"], None)
    sheet = _round_trip(workbook).active
    assert [(c.value, c.data_type) for c in sheet["A"][:3]] == [
        ("'=1+1", "s"), ("'=HYPERLINK(\"http://x\")", "s"), (12.5, "n"),
    ]
    assert sheet["A4"].value == datetime.datetime(2026, 5, 1)
    assert sheet["A5"].value is None


def test_write_only_workbooks_get_safe_cells_too():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([text_cell(sheet, "=cmd|' /C calc'!A0"), value_cell(sheet, 7),
                  value_cell(sheet, "-1")])
    row = next(_round_trip(workbook).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        ("'=cmd|' /C calc'!A0", "s"), (7, "n"), ("'-1", "s"),
    ]
