"""A stage's results from plain values (judging.maths.rank_stage)."""

from decimal import Decimal as D

import pytest

from judging.maths import (
    Aggregation,
    CriterionKind,
    JudgeCard,
    Order,
    Rubric,
    RubricCriterion,
    StageEntry,
    StageRules,
    TieBreakRule,
    rank_stage,
)

pytestmark = pytest.mark.unit


def judged(criterion_id: str, max_score: str = "100", weight: str = "1") -> RubricCriterion:
    return RubricCriterion(criterion_id, criterion_id, D(max_score), D(weight))


def objective(criterion_id: str, max_score: str = "100", weight: str = "1") -> RubricCriterion:
    return RubricCriterion(criterion_id, criterion_id, D(max_score), D(weight),
                     CriterionKind.OBJECTIVE)


def card(entry, judge, submitted=True, **scores: str) -> JudgeCard:
    return JudgeCard(entry, judge, {key: D(value) for key, value in scores.items()}, submitted)


def entry(entry_id, track="t", **objective_scores: str) -> StageEntry:
    return StageEntry(entry_id, track, {key: D(value) for key, value in objective_scores.items()})


def cards_for(entry_id, *totals: str, criterion: str = "a") -> list[JudgeCard]:
    """One card per total, from judges j1, j2, ... on a single criterion."""
    return [card(entry_id, f"j{n}", **{criterion: total}) for n, total in enumerate(totals, 1)]


def by_entry(results) -> dict:
    return {row.entry_id: row for row in results.rows}


SIMPLE = Rubric((judged("a"),))


# --- aggregation and rounding ---------------------------------------------------------------


def test_trimmed_mean_with_exactly_three_cards():
    rules = StageRules(aggregation=Aggregation.TRIMMED_MEAN, trim=1, required_cards=3)
    results = rank_stage(SIMPLE, rules, [entry(1)], cards_for(1, "95", "60", "80"))
    assert by_entry(results)[1].judged_score == D("80.00")
    assert results.publishable


def test_trimmed_mean_drops_only_one_of_two_equal_highest_totals():
    rules = StageRules(aggregation=Aggregation.TRIMMED_MEAN, required_cards=5)
    cards = cards_for(1, "95", "70", "95", "80", "90")
    # (95 + 90 + 80) / 3 = 88.333… → 88.33
    assert by_entry(rank_stage(SIMPLE, rules, [entry(1)], cards))[1].judged_score == (
        D("88.33")
    )


def test_trimmed_mean_with_trim_2():
    rules = StageRules(aggregation=Aggregation.TRIMMED_MEAN, trim=2, required_cards=7)
    cards = cards_for(1, "99", "55", "80", "60", "75", "90", "70")
    # 55, 60 | 70, 75, 80 | 90, 99 → 75
    assert by_entry(rank_stage(SIMPLE, rules, [entry(1)], cards))[1].judged_score == (
        D("75.00")
    )


def test_median_aggregation():
    rules = StageRules(aggregation=Aggregation.MEDIAN)
    cards = cards_for(1, "70", "100", "80", "90")
    assert by_entry(rank_stage(SIMPLE, rules, [entry(1)], cards))[1].judged_score == (
        D("85.00")
    )


def test_a_mean_of_exactly_x_xx5_rounds_half_up():
    # (80.00 + 80.01) / 2 = 80.005 → 80.01 (banker's rounding would say 80.00)
    results = rank_stage(SIMPLE, StageRules(), [entry(1)], cards_for(1, "80", "80.01"))
    assert by_entry(results)[1].judged_score == D("80.01")
    assert by_entry(results)[1].stage_score == D("80.01")


def test_totals_are_not_rounded_before_aggregating():
    # weight 0.5: scores 160.01, 160.01, 160.00 → totals 80.005, 80.005, 80.000
    # exact mean: 240.010 / 3 = 80.00333… → 80.00
    # (rounding each total first would give (80.01 + 80.01 + 80.00) / 3 = 80.00667 → 80.01)
    rubric = Rubric((judged("a", max_score="200", weight="0.5"),))
    results = rank_stage(
        rubric, StageRules(), [entry(1)], cards_for(1, "160.01", "160.01", "160.00")
    )
    assert by_entry(results)[1].judged_score == D("80.00")


def test_judged_and_objective_parts_are_added_before_rounding():
    # judged: weight 0.5, scores 140.01 and 140.00 → totals 70.005, 70.000 → mean 70.0025
    # objective: weight 0.25 × 20.01 = 5.0025
    # stage: 70.0025 + 5.0025 = 75.005 → 75.01, although the parts show 70.00 + 5.00.
    rubric = Rubric((judged("a", max_score="200", weight="0.5"),
                     objective("exam", weight="0.25")))
    results = rank_stage(
        rubric, StageRules(), [entry(1, exam="20.01")], cards_for(1, "140.01", "140.00")
    )
    row = by_entry(results)[1]
    assert (row.judged_score, row.objective_score, row.stage_score) == (
        D("70.00"), D("5.00"), D("75.01"),
    )


def test_weighted_scorecard_totals():
    # card total = 2 × practical + 1 × safety; judges: 2·9 + 7 = 25, 2·8 + 6 = 22 → 23.5
    rubric = Rubric((judged("practical", "10", "2"), judged("safety", "10", "1")))
    cards = [card(1, "j1", practical="9", safety="7"), card(1, "j2", practical="8", safety="6")]
    row = by_entry(rank_stage(rubric, StageRules(), [entry(1)], cards))[1]
    assert row.judged_score == D("23.50")
    assert row.criterion_aggregates == {"practical": D("8.50"), "safety": D("6.50")}


# --- objective criteria and weight 0 ----------------------------------------------------------

RODEO = Rubric((
    judged("practical", "10", "5"),
    judged("style", "10", "0"),  # judged, weight 0: tie-break only
    objective("exam", "100", "0.5"),
    objective("time", "600", "0"),  # seconds used, weight 0: tie-break only
))


def test_objective_components_are_added_to_the_judged_score():
    # judged: 5 × mean(8, 9) = 42.5; objective: 0.5 × 87 + 0 × 300 = 43.5 → 86
    cards = [card(1, "j1", practical="8", style="3"), card(1, "j2", practical="9", style="4")]
    row = by_entry(rank_stage(
        RODEO, StageRules(), [entry(1, exam="87", time="300")], cards
    ))[1]
    assert (row.judged_score, row.objective_score, row.stage_score) == (
        D("42.50"), D("43.50"), D("86.00"),
    )
    # a criterion's aggregate: the aggregation of its scores; objective: the recorded value
    assert row.criterion_aggregates == {
        "practical": D("8.50"), "style": D("3.50"), "exam": D("87.00"), "time": D("300.00"),
    }


def test_a_weight_0_criterion_only_breaks_ties():
    # Both entries: judged 5 × 8 = 40, exam 0.5 × 80 = 40 → 80. StageEntry 2 was faster.
    rules = StageRules(tie_breaks=(TieBreakRule("time", Order.ASC),))
    entries = [entry(1, exam="80", time="412.5"), entry(2, exam="80", time="398")]
    cards = [card(1, "j1", practical="8", style="9"), card(2, "j1", practical="8", style="1")]
    rows = by_entry(rank_stage(RODEO, rules, entries, cards))
    assert rows[1].stage_score == rows[2].stage_score == D("80.00")
    assert (rows[2].rank, rows[1].rank) == (1, 2)
    # without a tie-break they share first place: the weight-0 scores change nothing else
    shared = by_entry(rank_stage(RODEO, StageRules(), entries, cards))
    assert (shared[1].rank, shared[2].rank) == (1, 1)


# --- ranking ---------------------------------------------------------------------------------


def test_shared_ranks_are_competition_style():
    entries = [entry(e) for e in (1, 2, 3, 4)]
    cards = [*cards_for(1, "90"), *cards_for(2, "85"), *cards_for(3, "85"), *cards_for(4, "70")]
    results = rank_stage(SIMPLE, StageRules(), entries, cards)
    assert [(row.entry_id, row.rank) for row in results.rows] == [(1, 1), (2, 2), (3, 2), (4, 4)]


def test_ties_are_broken_by_each_key_in_order_asc_and_desc():
    # 2, 3, 4 and 5 all score 80. time ascending: 4 (310 s) is last of them.
    # 2, 3, 5 tie on time (300 s); practical descending: 2 (9) before 3 and 5 (8),
    # and 3 and 5 are still equal: they share rank 3, and 4 is 5th.
    rules = StageRules(
        tie_breaks=(TieBreakRule("time", Order.ASC), TieBreakRule("practical", Order.DESC))
    )
    rubric = Rubric((judged("practical", "10", "5"), objective("exam", "100", "1"),
                     objective("time", "600", "0")))
    entries = [entry(1, exam="50", time="599"), entry(2, exam="35", time="300"),
               entry(3, exam="40", time="300"), entry(4, exam="35", time="310"),
               entry(5, exam="40", time="300")]
    cards = [card(1, "j1", practical="10"), card(2, "j1", practical="9"),
             card(3, "j1", practical="8"), card(4, "j1", practical="9"),
             card(5, "j1", practical="8")]
    results = rank_stage(rubric, rules, entries, cards)
    assert {row.entry_id: row.stage_score for row in results.rows} == {
        1: D("100.00"), 2: D("80.00"), 3: D("80.00"), 4: D("80.00"), 5: D("80.00"),
    }
    assert [(row.entry_id, row.rank) for row in results.rows] == [
        (1, 1), (2, 2), (3, 3), (5, 3), (4, 5),
    ]


def test_ranking_uses_the_rounded_stage_score():
    # weight 0.5. StageEntry 1: totals 80.005 and 80.000 → 80.0025 exact; entry 2: 80.00 exact.
    # Both are published as 80.00, so they are treated as equal and the tie-break (higher
    # b) puts entry 2 first, although entry 1 is ahead in the third decimal.
    rubric = Rubric((judged("a", "200", "0.5"), objective("b", "10", "0")))
    rules = StageRules(tie_breaks=(TieBreakRule("b", Order.DESC),))
    cards = [card(1, "j1", a="160.01"), card(1, "j2", a="160.00"),
             card(2, "j1", a="160.00"), card(2, "j2", a="160.00")]
    entries = [entry(1, b="1"), entry(2, b="2")]
    rows = rank_stage(rubric, rules, entries, cards).rows
    assert [(row.entry_id, row.stage_score, row.rank) for row in rows] == [
        (2, D("80.00"), 1), (1, D("80.00"), 2),
    ]


def test_ranking_is_per_track():
    entries = [entry(1, "riding"), entry(2, "riding"), entry(3, "sorting")]
    cards = [*cards_for(1, "70"), *cards_for(2, "90"), *cards_for(3, "60")]
    results = rank_stage(SIMPLE, StageRules(), entries, cards)
    assert [(row.track_id, row.entry_id, row.rank) for row in results.rows] == [
        ("riding", 2, 1), ("riding", 1, 2), ("sorting", 3, 1),
    ]
    assert [(t.track_id, t.ranked) for t in results.tracks] == [("riding", 2), ("sorting", 1)]
