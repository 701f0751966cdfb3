"""The results of a contest as an Excel workbook: a summary sheet, then one sheet per track.

Rows are plain values (`ResultRow` or a dict with the same keys) prepared by the caller,
who also decides whether names are masked and whether per-judge totals may be shown
(`include_judges`: organizers only, and only after results are computed, since a judge
must never see another judge's scores before then).

Scores are written as numbers, not text, so they can be sorted and summed; they are shown
with two decimals. Text that starts with "=" is stored as text, never as a formula: a
worker's or an enterprise's name must not be able to run anything in Excel.
"""

import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

SCORE_FORMAT = "0.00"
RANK_FORMAT = "0"
HEADER_ROW = 2  # row 1 holds the title
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F2E6D0")
_TITLE_FONT = Font(bold=True, size=14)
_THIN = Side(style="thin", color="BFBFBF")
_HEADER_BORDER = Border(bottom=_THIN)
# Excel forbids these in sheet names, and caps names at 31 characters.
_SHEET_NAME_FORBIDDEN = str.maketrans({ch: "_" for ch in "[]:*?/\\"})
_SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class ResultRow:
    rank: int | None
    entry_code: str
    worker_name: str
    enterprise: str
    track: str
    stage_score: Decimal | None
    judged_score: Decimal | None
    objective_score: Decimal | None
    tier: str = ""  # the tier's display name (一等奖), empty for none
    needs_decision: bool = False
    judge_totals: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class _Column:
    header: str
    key: str
    number_format: str | None = None


def results_workbook(
    contest_title: str, rows: Iterable[ResultRow | Mapping[str, Any]], include_judges: bool,
) -> bytes:
    """An .xlsx file: a summary sheet, then one sheet per track in the order the tracks
    first appear in `rows` (rows keep their order within a track)."""
    by_track = _group_by_track([_as_row(row) for row in rows])
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_name(pgettext("results export", "Summary"), set())
    _write_summary(summary, contest_title, by_track)
    used_names = {summary.title}
    for track, track_rows in by_track.items():
        sheet = workbook.create_sheet(_sheet_name(track, used_names))
        used_names.add(sheet.title)
        _write_track(sheet, f"{contest_title} · {track}", track_rows, include_judges)
    workbook.properties.title = contest_title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Rows --------------------------------------------------------------------------------


def _as_row(row: ResultRow | Mapping[str, Any]) -> ResultRow:
    return row if isinstance(row, ResultRow) else ResultRow(**row)


def _group_by_track(rows: list[ResultRow]) -> dict[str, list[ResultRow]]:
    groups: dict[str, list[ResultRow]] = {}
    for row in rows:
        groups.setdefault(row.track, []).append(row)
    return groups


def _judge_labels(rows: list[ResultRow]) -> list[str]:
    """Every judge label in the track, in order of first appearance."""
    return list(dict.fromkeys(label for row in rows for label in row.judge_totals))


def _track_columns(judges: list[str]) -> list[_Column]:
    return [
        _Column(_("Rank"), "rank", RANK_FORMAT),
        _Column(_("Entry code"), "entry_code"),
        _Column(pgettext("results export: a worker's name", "Name"), "worker_name"),
        _Column(_("Enterprise"), "enterprise"),
        _Column(_("Stage score"), "stage_score", SCORE_FORMAT),
        _Column(_("Judged score"), "judged_score", SCORE_FORMAT),
        _Column(_("Objective score"), "objective_score", SCORE_FORMAT),
        _Column(_("Award tier"), "tier"),
        _Column(_("Needs decision"), "needs_decision"),
        # The judge's label is the header; `judge:` keys never clash with row fields.
        *(_Column(label, f"judge:{label}", SCORE_FORMAT) for label in judges),
    ]


def _value(row: ResultRow, key: str) -> Any:
    if key.startswith("judge:"):
        return row.judge_totals.get(key.removeprefix("judge:"))
    if key == "needs_decision":
        return _("Yes") if row.needs_decision else ""
    return getattr(row, key)


# --- Sheets ------------------------------------------------------------------------------


def _write_track(sheet: Worksheet, title: str, rows: list[ResultRow], judges: bool) -> None:
    columns = _track_columns(_judge_labels(rows) if judges else [])
    _write_table(sheet, title, columns, [[_value(row, c.key) for c in columns] for row in rows])


def _write_summary(sheet: Worksheet, title: str, by_track: dict[str, list[ResultRow]]) -> None:
    """Per track: entries, winners per tier, and rows still needing a decision."""
    tiers = list(dict.fromkeys(row.tier for rows in by_track.values() for row in rows if row.tier))
    columns = [
        _Column(_("Track"), "track"),
        _Column(_("Entries"), "entries", RANK_FORMAT),
        *(_Column(tier, f"tier:{tier}", RANK_FORMAT) for tier in tiers),
        _Column(_("Needs decision"), "needs_decision", RANK_FORMAT),
    ]
    values = [
        [
            track,
            len(rows),
            *(sum(row.tier == tier for row in rows) for tier in tiers),
            sum(row.needs_decision for row in rows),
        ]
        for track, rows in by_track.items()
    ]
    _write_table(sheet, title, columns, values)


def _write_table(
    sheet: Worksheet, title: str, columns: list[_Column], values: list[list[Any]],
) -> None:
    """Title in row 1, header in row 2 (both frozen), data below, filters on the header."""
    sheet.cell(row=1, column=1, value=_text(title)).font = _TITLE_FONT
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=_text(column.header))
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row_index, row_values in enumerate(values, start=HEADER_ROW + 1):
        for index, (column, value) in enumerate(zip(columns, row_values, strict=True), 1):
            _write_cell(sheet, row_index, index, value, column.number_format)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(values)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    _fit_columns(sheet, columns, values)


def _write_cell(sheet: Worksheet, row: int, column: int, value: Any, fmt: str | None) -> None:
    if isinstance(value, str):
        value = _text(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # openpyxl would otherwise store it as a formula
    if fmt and value is not None:
        cell.number_format = fmt


def _text(value: str) -> str:
    # Excel rejects control characters in cell text; pasted names sometimes carry them.
    return "".join(ch for ch in str(value) if ch in "\t\n" or unicodedata.category(ch) != "Cc")


def _fit_columns(sheet: Worksheet, columns: list[_Column], values: list[list[Any]]) -> None:
    """Width from the longest header or value, counting CJK characters as two."""
    for index, column in enumerate(columns):
        texts = [column.header] + [_display(row[index], column.number_format) for row in values]
        width = max(_display_width(text) for text in texts) + 2
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width, 6), 40)


def _display(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if fmt == SCORE_FORMAT:
        return f"{value:.2f}"
    return str(value)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A legal, unique sheet name: forbidden characters replaced, at most 31 characters,
    "(2)", "(3)" … appended when two tracks would otherwise share a name."""
    base = _text(wanted).translate(_SHEET_NAME_FORBIDDEN).strip("' ") or "-"
    name, counter = base[:_SHEET_NAME_MAX], 1
    while name.casefold() in {u.casefold() for u in used}:
        counter += 1
        suffix = f" ({counter})"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
    return name
