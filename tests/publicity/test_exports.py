import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from publicity.exports import ResultRow, results_workbook

pytestmark = pytest.mark.unit

D = Decimal


def _row(rank, code, track, score, tier="", needs_decision=False, judges=None, **extra):
    return ResultRow(
        rank=rank, entry_code=code, worker_name=extra.get("name", f"王*{code[-1]}"),
        enterprise=extra.get("enterprise", "城市配送服务有限公司"), track=track,
        stage_score=score, judged_score=score - D("10.00"), objective_score=D("10.00"),
        tier=tier, needs_decision=needs_decision, judge_totals=judges or {},
    )


@pytest.fixture
def rows():
    riding, sorting = "安全骑行", "包裹分拣"
    return [
        _row(1, "A001", riding, D("95.50"), "一等奖",
             judges={"评委A": D("86.00"), "评委B": D("85.00")}),
        _row(2, "A002", riding, D("90.25"), "二等奖",
             judges={"评委A": D("80.50"), "评委B": D("80.00")}),
        _row(2, "A003", riding, D("90.25"), "二等奖", True, judges={"评委B": D("79.75")}),
        _row(4, "A004", riding, D("71.00"), judges={"评委A": D("61.00")}),
        _row(1, "B001", sorting, D("88.88"), "一等奖", judges={"评委C": D("78.88")}),
    ]


def _open(data):
    return load_workbook(io.BytesIO(data))


def _records(sheet):
    """Rows below the header as lists of values."""
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def _headers(sheet):
    return [c.value for c in sheet[2]]


def test_summary_then_one_sheet_per_track_in_order(rows):
    book = _open(results_workbook("2026年技能大赛", rows, include_judges=False))
    assert book.sheetnames[1:] == ["安全骑行", "包裹分拣"]
    assert len(book.sheetnames) == 3


def test_track_cells_equal_the_rows(rows):
    book = _open(results_workbook("2026年技能大赛", rows, include_judges=False))
    sheet = book["安全骑行"]
    records = _records(sheet)
    assert len(records) == 4
    for record, row in zip(records, rows[:4], strict=True):
        rank, code, name, enterprise, stage, judged, objective, tier, flag = record
        assert (rank, code, name, enterprise) == (
            row.rank, row.entry_code, row.worker_name, row.enterprise
        )
        assert isinstance(stage, (int, float)) and not isinstance(stage, bool)
        assert Decimal(str(stage)) == row.stage_score
        assert Decimal(str(judged)) == row.judged_score
        assert Decimal(str(objective)) == row.objective_score
        assert (tier or "") == row.tier
        assert bool(flag) == row.needs_decision
    assert [r[0] for r in records] == [1, 2, 2, 4]  # shared ranks kept


def test_number_formats_and_frozen_header(rows):
    sheet = _open(results_workbook("T", rows, include_judges=True))["安全骑行"]
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].number_format == "0"
    assert sheet["E3"].number_format == "0.00"
    assert sheet["E3"].data_type == "n"
    assert sheet["J3"].number_format == "0.00"  # a judge column
    assert all(sheet.column_dimensions[c].width >= 6 for c in "ABCDEFGHI")
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width


def test_judge_columns_only_when_asked(rows):
    without = _open(results_workbook("T", rows, include_judges=False))
    for sheet in without.worksheets:
        values = {v for r in sheet.iter_rows(values_only=True) for v in r}
        assert not {"评委A", "评委B", "评委C"} & values
        assert 86.0 not in values  # no judge's total anywhere
    with_judges = _open(results_workbook("T", rows, include_judges=True))
    riding = with_judges["安全骑行"]
    assert _headers(riding)[-2:] == ["评委A", "评委B"]
    records = _records(riding)
    assert [r[-2:] for r in records] == [[86, 85], [80.5, 80], [None, 79.75], [61, None]]
    assert _headers(with_judges["包裹分拣"])[-1] == "评委C"


def test_summary_counts(rows):
    summary = _open(results_workbook("T", rows, include_judges=False)).worksheets[0]
    assert summary["A1"].value == "T"
    assert _headers(summary)[2:4] == ["一等奖", "二等奖"]
    assert _records(summary) == [["安全骑行", 4, 1, 2, 1], ["包裹分拣", 1, 1, 0, 0]]


def test_english_headers():
    row = _row(1, "A001", "Riding", D("90.00"))
    with translation.override("en"):
        sheet = _open(results_workbook("T", [row], include_judges=False))["Riding"]
    assert _headers(sheet) == [
        "Rank", "Entry code", "Name", "Enterprise", "Stage score", "Judged score",
        "Objective score", "Award tier", "Needs decision",
    ]


def test_dict_rows_are_accepted(rows):
    as_dicts = [row.__dict__ for row in rows]
    assert _records(_open(results_workbook("T", as_dicts, False))["包裹分拣"])[0][1] == "B001"


def test_text_that_looks_like_a_formula_stays_text():
    row = _row(1, "A001", "Riding", D("90.00"), name='=HYPERLINK("http://x","y")',
               enterprise="=1+1")
    sheet = _open(results_workbook("T", [row], include_judges=False))["Riding"]
    assert sheet["C3"].value == '=HYPERLINK("http://x","y")'
    assert sheet["C3"].data_type == "s"
    assert sheet["D3"].data_type == "s"


def test_awkward_track_names_make_legal_unique_sheets():
    long = "新就业形态劳动者职业技能竞赛：网约送餐员[城区]/快递员*乡镇?组别"
    rows = [_row(1, "A001", long, D("1")), _row(1, "B001", long + "二", D("1"))]
    names = _open(results_workbook("T", rows, include_judges=False)).sheetnames[1:]
    assert len(names) == 2 and len(set(names)) == 2
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")


def test_missing_scores_are_empty_cells():
    row = ResultRow(rank=None, entry_code="A001", worker_name="王*", enterprise="", track="T",
                    stage_score=None, judged_score=None, objective_score=None)
    record = _records(_open(results_workbook("T", [row], False))["T"])[0]
    assert record[0] is None and record[4:7] == [None, None, None]
