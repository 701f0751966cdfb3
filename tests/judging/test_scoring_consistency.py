"""Judge consistency and Kendall's W (judging.maths: consistency)."""

from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import rankdata

from judging.maths import (
    CardKey,
    Rubric,
    judge_consistency,
    kendalls_w,
    scorecard_totals,
)
from tests.judging.test_scoring_stage import card, judged

pytestmark = pytest.mark.unit


def totals_of(table: dict[str, dict[str, str]]) -> dict[CardKey, D]:
    """judge → entry → total, as card totals."""
    return {
        CardKey(entry, judge): D(total)
        for judge, by_entry in table.items()
        for entry, total in by_entry.items()
    }


# Five judges, two entries, every judge scores both.
#
#          e1   e2   | on an entry, judge's total − mean of the other four = 1.25·(t − mean)
#   J1     80   70   | e1 mean 82: J1 −2.5   e2 mean 72: J1 −2.5    → mean deviation −2.5
#   J2     80   72   |             J2 −2.5               J2  0      → −1.25
#   J3     80   68   |             J3 −2.5               J3 −5      → −3.75
#   J4     80   70   |             J4 −2.5               J4 −2.5    → −2.5
#   J5     90   80   |             J5 +10                J5 +10     → +10
#
# J5 against the others (−2.5, −1.25, −3.75, −2.5): mean −2.5, squared deviations
# 0 + 1.5625 + 1.5625 + 0 = 3.125, sample variance 3.125 / 3, SD 1.020621;
# z = (10 − (−2.5)) / 1.020621 = 12.2474 → flagged.
# J1 against (−1.25, −3.75, −2.5, 10): mean 0.625; squared deviations 3.515625 + 19.140625
# + 9.765625 + 87.890625 = 120.3125, / 3 = 40.104167, SD 6.332785;
# z = (−2.5 − 0.625) / 6.332785 = −0.4935 → not flagged.
# (Comparing J5 with all five deviations, itself included, would give mean 0 and population
# SD √25.625 = 5.0621, z = 1.9755: the outlier would hide itself, hence leave-one-out.)
OUTLIER_PANEL = {
    "J1": {"e1": "80", "e2": "70"},
    "J2": {"e1": "80", "e2": "72"},
    "J3": {"e1": "80", "e2": "68"},
    "J4": {"e1": "80", "e2": "70"},
    "J5": {"e1": "90", "e2": "80"},
}


def test_per_judge_mean_sd_and_deviation_from_the_panel():
    report = judge_consistency(totals_of(OUTLIER_PANEL))
    stats = {s.judge_id: s for s in report.judges}
    assert [s.judge_id for s in report.judges] == ["J1", "J2", "J3", "J4", "J5"]
    assert (stats["J2"].scorecards, stats["J2"].mean_total, stats["J2"].sd_total) == (
        2, D("76.0000"), D("4.0000"),
    )
    assert {j: s.mean_deviation for j, s in stats.items()} == {
        "J1": D("-2.5000"), "J2": D("-1.2500"), "J3": D("-3.7500"), "J4": D("-2.5000"),
        "J5": D("10.0000"),
    }
    assert all(s.shared_entries == 2 for s in report.judges)


def test_a_judge_far_from_the_others_is_flagged_and_the_others_are_not():
    stats = {s.judge_id: s for s in judge_consistency(totals_of(OUTLIER_PANEL)).judges}
    assert stats["J5"].deviation_z == D("12.2474")
    assert stats["J1"].deviation_z == D("-0.4935")
    assert [j for j, s in stats.items() if s.flagged] == ["J5"]


def test_with_fewer_than_two_other_judges_nobody_is_flagged():
    report = judge_consistency(totals_of({"A": {"e1": "10"}, "B": {"e1": "90"}}))
    assert [(s.mean_deviation, s.deviation_z, s.flagged) for s in report.judges] == [
        (D("-80.0000"), None, False),
        (D("80.0000"), None, False),
    ]


def test_when_the_others_agree_exactly_any_different_deviation_is_flagged():
    # A, B, C give 50; D gives 60. A's deviation: 50 − (50+50+60)/3 = −3.3333 (same for B,
    # C); D's: 60 − 50 = 10. For D the others' deviations are all equal: SD 0.
    table = {j: {"e1": "50"} for j in "ABC"} | {"D": {"e1": "60"}}
    stats = {s.judge_id: s for s in judge_consistency(totals_of(table)).judges}
    assert (stats["D"].deviation_z, stats["D"].flagged) == (None, True)
    assert not stats["A"].flagged


def test_a_judge_who_shares_no_entry_has_no_deviation():
    table = {"A": {"e1": "50", "e2": "70"}, "B": {"e1": "60"}, "C": {"e3": "40"}}
    stats = {s.judge_id: s for s in judge_consistency(totals_of(table)).judges}
    assert (stats["C"].mean_deviation, stats["C"].shared_entries, stats["C"].flagged) == (
        None, 0, False,
    )
    assert (stats["A"].mean_deviation, stats["A"].shared_entries) == (D("-10.0000"), 1)


# --- Kendall's W -----------------------------------------------------------------------------

# Three judges, three entries; J3 ties e1 and e2.
#   J1: e1 10, e2 20, e3 30 → ranks 1, 2, 3
#   J2: e1 10, e2 30, e3 20 → ranks 1, 3, 2
#   J3: e1 20, e2 20, e3 10 → ranks 2.5, 2.5, 1    ties: 2³ − 2 = 6
# Rank sums 4.5, 7.5, 6; mean 3·4/2 = 6; S = 2.25 + 2.25 + 0 = 4.5.
# W = 12·4.5 / (3²·(3³ − 3) − 3·6) = 54 / (216 − 18) = 54 / 198 = 0.272727…
TIED_PANEL = {
    "J1": {"e1": "10", "e2": "20", "e3": "30"},
    "J2": {"e1": "10", "e2": "30", "e3": "20"},
    "J3": {"e1": "20", "e2": "20", "e3": "10"},
}


def ratings_of(table):
    return {judge: {e: D(v) for e, v in by_entry.items()} for judge, by_entry in table.items()}


def test_kendalls_w_with_tie_correction_by_hand():
    assert kendalls_w(ratings_of(TIED_PANEL)) == D("0.2727")


def test_perfect_agreement_is_1():
    assert judge_consistency(totals_of(OUTLIER_PANEL)).kendalls_w == D("1.0000")


def test_perfect_disagreement_of_two_judges_is_0():
    table = {"A": {"e1": "1", "e2": "2"}, "B": {"e1": "2", "e2": "1"}}
    assert kendalls_w(ratings_of(table)) == D("0.0000")


@pytest.mark.parametrize(
    "table",
    [
        {"A": {"e1": "1", "e2": "2"}},  # one judge
        {"A": {"e1": "1"}, "B": {"e1": "2"}},  # one entry
        {"A": {"e1": "5", "e2": "5"}, "B": {"e1": "3", "e2": "3"}},  # all tied: 0 / 0
        {},
    ],
)
def test_kendalls_w_is_none_when_undefined(table):
    assert kendalls_w(ratings_of(table)) is None


def test_w_uses_only_entries_scored_by_every_judge_of_the_panel():
    table = {judge: dict(by_entry) for judge, by_entry in TIED_PANEL.items()}
    table["J1"]["e4"] = "99"  # only J1 scored e4
    table["J4"] = {"e1": "1"}  # not on the panel below
    report = judge_consistency(totals_of(table), panel=["J1", "J2", "J3"])
    assert (report.kendalls_w, report.concordance_entries) == (D("0.2727"), 3)
    assert report.concordance_judges == ("J1", "J2", "J3")
    # with every judge as the panel, only e1 is common: undefined
    everyone = judge_consistency(totals_of(table))
    assert (everyone.kendalls_w, everyone.concordance_entries) == (None, 1)


def test_scorecard_totals_feed_the_report():
    rubric = Rubric((judged("a", weight="2"), judged("b", weight="1")))
    cards = [card(1, "J1", a="8", b="5"), card(1, "J2", a="7", b="5"),
             card(2, "J1", submitted=False, a="1", b="1")]
    assert scorecard_totals(rubric, cards) == {CardKey(1, "J1"): D(21), CardKey(1, "J2"): D(19)}


def reference_w(matrix: np.ndarray) -> float | None:
    """Kendall's W from scipy's average ranks: rows are judges, columns entries."""
    m, n = matrix.shape
    ranks = rankdata(matrix, axis=1)
    rank_sums = ranks.sum(axis=0)
    s = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    ties = 0
    for row in matrix:
        _, counts = np.unique(row, return_counts=True)
        ties += int((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    return None if denominator == 0 else 12 * s / denominator


@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda m: st.integers(min_value=2, max_value=8).flatmap(
            lambda n: st.lists(
                st.lists(st.integers(0, 5), min_size=n, max_size=n), min_size=m, max_size=m
            )
        )
    )
)
def test_kendalls_w_matches_a_scipy_rankdata_reference(matrix):
    ratings = {f"j{j}": {f"e{e}": D(v) for e, v in enumerate(row)}
               for j, row in enumerate(matrix)}
    expected = reference_w(np.array(matrix, dtype=float))
    ours = kendalls_w(ratings)
    if expected is None:
        assert ours is None
    else:
        assert ours is not None
        assert abs(float(ours) - expected) <= 0.00005 + 1e-12
        assert D(0) <= ours <= D(1)
