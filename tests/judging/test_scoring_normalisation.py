"""Per-judge z-score normalisation on an uneven panel (judging.maths: normalisation)."""

from decimal import Decimal as D

import pytest

from judging.maths import (
    CardKey,
    Normalization,
    StageRules,
    rank_stage,
    round_half_up,
    zscore_normalise,
)
from tests.judging.test_scoring_stage import SIMPLE, by_entry, card, entry

pytestmark = pytest.mark.unit

# Four judges saw different subsets of four entries (one criterion "a", weight 1):
#
#   judge  e1   e2   e3   e4   | own mean  own SD (population)   z-scores
#   A      60   100            |   80      20                    e1 −1, e2 +1
#   B           86   96        |   91       5                    e2 −1, e3 +1
#   C                60   62   |   61       1                    e3 −1, e4 +1
#   D      82                  |   82       0 (one entry)        e1  0
#
# Stage-wide over all 7 totals: mean = 546 / 7 = 78;
# deviations −18, 22, 8, 18, −18, −16, 4 → squares sum 1792 → variance 256 → SD 16.
# Mapped back: t' = 78 + 16·z → z = +1: 94, z = −1: 62, z = 0: 78.
#
#   entry  normalised totals   mean (normalised)   mean (raw)
#   e1     62 (A), 78 (D)      70                  (60 + 82) / 2 = 71
#   e2     94 (A), 62 (B)      78                  (100 + 86) / 2 = 93
#   e3     94 (B), 62 (C)      78                  (96 + 60) / 2 = 78
#   e4     94 (C)              94                  62
#
# C is a harsh judge: raw, e4 is last; normalised, e4 is first.
UNEVEN_PANEL = {
    ("e1", "A"): "60", ("e2", "A"): "100",
    ("e2", "B"): "86", ("e3", "B"): "96",
    ("e3", "C"): "60", ("e4", "C"): "62",
    ("e1", "D"): "82",
}
ENTRIES = [entry(e) for e in ("e1", "e2", "e3", "e4")]
CARDS = [card(e, judge, a=total) for (e, judge), total in UNEVEN_PANEL.items()]


def test_totals_are_mapped_onto_the_stage_scale():
    totals = {CardKey(e, judge): D(total) for (e, judge), total in UNEVEN_PANEL.items()}
    normalised = {key: round_half_up(value) for key, value in zscore_normalise(totals).items()}
    assert normalised == {
        CardKey("e1", "A"): D("62.00"), CardKey("e2", "A"): D("94.00"),
        CardKey("e2", "B"): D("62.00"), CardKey("e3", "B"): D("94.00"),
        CardKey("e3", "C"): D("62.00"), CardKey("e4", "C"): D("94.00"),
        CardKey("e1", "D"): D("78.00"),  # SD 0: z = 0 → the stage mean
    }


def test_zscore_normalisation_changes_the_ranking_on_an_uneven_panel():
    rules = StageRules(normalize=Normalization.ZSCORE)
    rows = by_entry(rank_stage(SIMPLE, rules, ENTRIES, CARDS))
    assert {e: (row.judged_score, row.rank) for e, row in rows.items()} == {
        "e4": (D("94.00"), 1),
        "e2": (D("78.00"), 2),
        "e3": (D("78.00"), 2),
        "e1": (D("70.00"), 4),
    }
    # criterion aggregates stay raw: e2's "a" is the mean of 100 and 86
    assert rows["e2"].criterion_aggregates == {"a": D("93.00")}


def test_without_normalisation_the_raw_totals_count():
    rows = by_entry(rank_stage(SIMPLE, StageRules(), ENTRIES, CARDS))
    assert {e: (row.judged_score, row.rank) for e, row in rows.items()} == {
        "e2": (D("93.00"), 1),
        "e3": (D("78.00"), 2),
        "e1": (D("71.00"), 3),
        "e4": (D("62.00"), 4),
    }


def test_a_judge_who_gave_everyone_the_same_total_is_placed_at_the_stage_mean():
    # E gives 50 to both entries (SD 0); F gives 70 and 90 (mean 80, SD 10).
    # Stage: 50, 50, 70, 90 → mean 65; squares 225, 225, 25, 625 → 1100 / 4 = 275 → SD √275.
    totals = {CardKey(1, "E"): D(50), CardKey(2, "E"): D(50),
              CardKey(1, "F"): D(70), CardKey(2, "F"): D(90)}
    normalised = zscore_normalise(totals)
    assert normalised[CardKey(1, "E")] == normalised[CardKey(2, "E")] == D(65)
    assert round_half_up(normalised[CardKey(2, "F")], 4) == D("81.5831")  # 65 + √275
    assert round_half_up(normalised[CardKey(1, "F")], 4) == D("48.4169")  # 65 − √275


def test_normalising_nothing_gives_nothing():
    assert zscore_normalise({}) == {}


def test_drafts_take_no_part_in_the_judges_scale():
    # A draft of 0 from judge A would drag A's mean down if it counted.
    rules = StageRules(normalize=Normalization.ZSCORE)
    with_draft = [*CARDS, card("e3", "A", submitted=False, a="0")]
    assert (rank_stage(SIMPLE, rules, ENTRIES, with_draft).rows
            == rank_stage(SIMPLE, rules, ENTRIES, CARDS).rows)
