"""Incomplete entries, advancement, tiers with decisions, input errors and the checksum, end
to end through rank_stage."""

from decimal import Decimal as D

import pytest

from judging.maths import (
    Aggregation,
    IncompleteEntry,
    Quota,
    Rubric,
    ScoreError,
    ScoringInputError,
    StageRules,
    TieBreakRule,
    TieDecisions,
    TierRule,
    rank_stage,
)
from judging.maths.outcome import CHECKSUM_VERSION, RankedEntry, results_checksum
from judging.maths.primitives import id_sort_key
from tests.judging.test_scoring_stage import (
    SIMPLE,
    by_entry,
    card,
    cards_for,
    entry,
    judged,
    objective,
)

pytestmark = pytest.mark.unit


# --- incomplete entries ----------------------------------------------------------------------


def test_incomplete_entries_are_listed_not_ranked_and_block_publication():
    rubric = Rubric((judged("a"), objective("exam")))
    rules = StageRules(aggregation=Aggregation.TRIMMED_MEAN, required_cards=3)
    entries = [entry(1, exam="90"), entry(2, exam="90"), entry(3), entry(4, exam="80")]
    cards = [
        *cards_for(1, "80", "81", "82"),
        *cards_for(2, "80", "81"),  # trimmed mean needs 2·1 + 1 = 3
        card(2, "j3", submitted=False, a="82"),  # a draft does not count
        *cards_for(3, "80", "81", "82"),  # exam not recorded
        *cards_for(4, "70", "71", "72"),
    ]
    results = rank_stage(rubric, rules, entries, cards)
    assert [row.entry_id for row in results.rows] == [1, 4]
    assert results.incomplete == (
        IncompleteEntry(2, "t", scorecards=2, required=3),
        IncompleteEntry(3, "t", scorecards=3, required=3, missing_objective=("exam",)),
    )
    assert not results.publishable


def test_fewer_cards_than_the_panel_size_is_incomplete_for_mean_and_median_too():
    for aggregation in (Aggregation.MEAN, Aggregation.MEDIAN):
        rules = StageRules(aggregation=aggregation, required_cards=5)
        results = rank_stage(
            SIMPLE, rules, [entry(1)], cards_for(1, "80", "81", "82", "83")
        )
        assert results.incomplete == (IncompleteEntry(1, "t", scorecards=4, required=5),)


def test_the_aggregation_minimum_wins_over_a_smaller_panel_size():
    rules = StageRules(aggregation=Aggregation.TRIMMED_MEAN, trim=2, required_cards=3)
    results = rank_stage(SIMPLE, rules, [entry(1)], cards_for(1, "1", "2", "3", "4"))
    assert results.incomplete == (IncompleteEntry(1, "t", scorecards=4, required=5),)


def test_an_entry_with_no_cards_at_all_is_incomplete():
    results = rank_stage(SIMPLE, StageRules(), [entry(1)], [])
    assert results.incomplete == (IncompleteEntry(1, "t", scorecards=0, required=1),)
    assert results.rows == ()


def test_a_rubric_without_judged_criteria_needs_no_scorecards():
    rubric = Rubric((objective("exam", weight="1"),))
    results = rank_stage(rubric, StageRules(required_cards=5), [entry(1, exam="77")],
                                    [])
    row = by_entry(results)[1]
    assert (row.judged_score, row.stage_score, row.scorecards) == (D("0.00"), D("77.00"), 0)
    assert results.publishable


# --- advancement -----------------------------------------------------------------------------


def test_non_final_stage_advances_top_n_per_track_with_ties_at_the_cut():
    rules = StageRules(advancement=Quota(count=2))
    entries = [entry(e, "riding") for e in (1, 2, 3, 4)] + [entry(5, "sorting")]
    cards = [*cards_for(1, "90"), *cards_for(2, "80"), *cards_for(3, "80"), *cards_for(4, "70"),
             *cards_for(5, "10")]
    results = rank_stage(SIMPLE, rules, entries, cards)
    assert {row.entry_id: row.advanced for row in results.rows} == {
        1: True, 2: True, 3: True, 4: False, 5: True,
    }
    assert [(t.track_id, t.advancement_seats) for t in results.tracks] == [
        ("riding", 2), ("sorting", 2),
    ]
    assert all(row.tier_id is None and not row.needs_decision for row in results.rows)


def test_non_final_stage_advances_top_percent():
    # 10 entries, 30 % → 3 places; entries 3 and 4 tie at rank 3 → 4 advance.
    rules = StageRules(advancement=Quota(percent=D(30)))
    totals = ["99", "98", "97", "97", "60", "50", "40", "30", "20", "10"]
    cards = [c for n, total in enumerate(totals, 1) for c in cards_for(n, total)]
    results = rank_stage(SIMPLE, rules, [entry(n) for n in range(1, 11)], cards)
    assert [row.entry_id for row in results.rows if row.advanced] == [1, 2, 3, 4]
    assert results.tracks[0].advancement_seats == 3


# --- tiers -----------------------------------------------------------------------------------

PRIZES = (TierRule("first", Quota(count=1)), TierRule("second", Quota(count=2)),
          TierRule("third", Quota(percent=D(30))))
FINAL = StageRules(tiers=PRIZES)
# 10 entries: third prize = 30 % of 10 = 3. Entries 2, 3, 4 tie for the 2 second prizes.
FINAL_TOTALS = {1: "95", 2: "90", 3: "90", 4: "90", 5: "85", 6: "84", 7: "83", 8: "82",
                9: "81", 10: "80"}
FINAL_ENTRIES = [entry(n) for n in FINAL_TOTALS]
FINAL_CARDS = [c for n, total in FINAL_TOTALS.items() for c in cards_for(n, total)]


def tiers_by_entry(results) -> dict:
    return {row.entry_id: row.tier_id for row in results.rows}


def test_a_tie_straddling_a_quota_boundary_needs_a_decision_and_blocks_publication():
    results = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS)
    rows = by_entry(results)
    assert [n for n, row in rows.items() if row.needs_decision] == [2, 3, 4]
    assert rows[2].tier_choices == ("second", "third")
    assert results.needs_decision and not results.publishable
    # provisionally, the tie takes 2 second and 1 third place; 5 and 6 take the rest
    assert tiers_by_entry(results) == {1: "first", 2: None, 3: None, 4: None, 5: "third",
                                       6: "third", 7: None, 8: None, 9: None, 10: None}
    assert results.tracks[0].tier_seats == {"first": 1, "second": 2, "third": 3}


def test_an_organizers_assignment_resolves_the_tie():
    decisions = TieDecisions(assignments={2: "second", 3: "second", 4: "third"})
    results = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS, decisions)
    assert results.publishable
    assert tiers_by_entry(results) == {1: "first", 2: "second", 3: "second", 4: "third",
                                       5: "third", 6: "third", 7: None, 8: None, 9: None,
                                       10: None}
    assert [row.entry_id for row in results.rows if row.decided] == [2, 3, 4]
    assert results.ignored_assignments == ()


def test_widening_the_tier_resolves_the_tie():
    decisions = TieDecisions(widened=frozenset({("t", "second")}))
    results = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS, decisions)
    assert results.publishable
    assert tiers_by_entry(results) == {1: "first", 2: "second", 3: "second", 4: "second",
                                       5: "third", 6: "third", 7: "third", 8: None, 9: None,
                                       10: None}
    assert results.ignored_widenings == ()


def test_decisions_that_match_no_open_tie_are_reported_as_ignored():
    decisions = TieDecisions(
        assignments={2: "first", 9: "third", 404: "first"},
        widened=frozenset({("t", "first"), ("other-track", "second")}),
    )
    results = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS, decisions)
    assert results.needs_decision
    assert results.ignored_assignments == (2, 9, 404)
    assert results.ignored_widenings == (("other-track", "second"), ("t", "first"))


def test_a_widening_applies_only_to_its_own_track():
    entries = [entry(1, "a"), entry(2, "a"), entry(3, "b"), entry(4, "b")]
    cards = [c for n in (1, 2, 3, 4) for c in cards_for(n, "50")]
    rules = StageRules(tiers=(TierRule("first", Quota(count=1)),))
    results = rank_stage(SIMPLE, rules, entries, cards,
                                    TieDecisions(widened=frozenset({("a", "first")})))
    assert tiers_by_entry(results) == {1: "first", 2: "first", 3: None, 4: None}
    assert [row.entry_id for row in results.rows if row.needs_decision] == [3, 4]


# --- input errors ----------------------------------------------------------------------------


def test_an_invalid_score_on_a_submitted_card_names_the_criterion():
    with pytest.raises(ScoreError) as caught:
        rank_stage(SIMPLE, StageRules(), [entry(1)], [card(1, "j1", a="100.01")])
    assert (caught.value.criterion, caught.value.code) == ("a", "above_maximum")


def test_an_incomplete_draft_is_ignored_but_an_incomplete_submitted_card_is_an_error():
    rubric = Rubric((judged("a"), judged("b")))
    draft = card(1, "j1", submitted=False, a="1")
    assert rank_stage(rubric, StageRules(), [entry(1)], [draft]).incomplete
    with pytest.raises(ScoreError) as caught:
        rank_stage(rubric, StageRules(), [entry(1)], [card(1, "j1", a="1")])
    assert (caught.value.criterion, caught.value.code) == ("b", "missing")


def test_an_invalid_objective_score_names_the_criterion():
    rubric = Rubric((judged("a"), objective("exam")))
    with pytest.raises(ScoreError) as caught:
        rank_stage(rubric, StageRules(), [entry(1, exam="-1")], cards_for(1, "5"))
    assert caught.value.criterion == "exam"


@pytest.mark.parametrize(
    ("entries", "cards", "rules", "code"),
    [
        ([entry(1)], cards_for(2, "5"), StageRules(), "unknown_entry"),
        ([entry(1)], [card(1, "j1", a="5"), card(1, "j1", a="6")], StageRules(),
         "duplicate_scorecard"),
        ([entry(1), entry(1)], [], StageRules(), "duplicate_entry"),
        ([entry(1)], [], StageRules(tie_breaks=(TieBreakRule("nope"),)), "bad_rules"),
    ],
)
def test_inconsistent_inputs_are_refused(entries, cards, rules, code):
    with pytest.raises(ScoringInputError) as caught:
        rank_stage(SIMPLE, rules, entries, cards)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "build",
    [
        lambda: StageRules(trim=-1),
        lambda: StageRules(required_cards=-1),
        lambda: StageRules(advancement=Quota(count=1), tiers=PRIZES),
        lambda: StageRules(tiers=(TierRule("x", Quota(count=1)), TierRule("x", Quota(count=1)))),
    ],
)
def test_malformed_rules_are_refused(build):
    with pytest.raises(ScoringInputError):
        build()


def test_a_reopened_card_and_its_resubmission_count_once():
    # the adapter passes the current state of each card: reopened = not submitted
    reopened = [card(1, "j1", submitted=False, a="10"), *cards_for(1, "90", "80")[1:]]
    results = rank_stage(SIMPLE, StageRules(required_cards=2), [entry(1)], reopened)
    assert results.incomplete == (IncompleteEntry(1, "t", scorecards=1, required=2),)


# --- checksum --------------------------------------------------------------------------------


def test_computing_twice_gives_the_same_checksum_and_a_changed_score_changes_it():
    first = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS)
    again = rank_stage(SIMPLE, FINAL, list(reversed(FINAL_ENTRIES)),
                                  list(reversed(FINAL_CARDS)))
    assert first == again
    assert len(first.checksum) == 64
    changed = [*FINAL_CARDS[:-1], card(10, "j1", a="79.99")]
    assert rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, changed).checksum != (
        first.checksum
    )


def test_a_decision_changes_the_checksum():
    undecided = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS)
    decided = rank_stage(SIMPLE, FINAL, FINAL_ENTRIES, FINAL_CARDS,
                                    TieDecisions(widened=frozenset({("t", "second")})))
    assert decided.checksum != undecided.checksum


def _canonical_json_checksum(rows, incomplete_json) -> str:
    """The checksum as its docstring defines it: json.dumps of the whole payload."""
    import hashlib
    import json

    payload = {
        "version": CHECKSUM_VERSION,
        "rows": [
            {
                "entry": row.entry_id,
                "track": row.track_id,
                "rank": row.rank,
                "stage_score": str(row.stage_score),
                "judged_score": str(row.judged_score),
                "objective_score": str(row.objective_score),
                "criteria": {str(k): str(v) for k, v in row.criterion_aggregates.items()},
                "scorecards": row.scorecards,
                "advanced": row.advanced,
                "tier": row.tier_id,
                "needs_decision": row.needs_decision,
                "tier_choices": list(row.tier_choices),
                "decided": row.decided,
            }
            for row in sorted(
                rows, key=lambda r: (id_sort_key(r.track_id), r.rank, id_sort_key(r.entry_id))
            )
        ],
        "incomplete": incomplete_json,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_checksum_is_the_sha256_of_the_canonical_json_of_the_payload():
    """The rows are written out by hand for speed: the text must be json.dumps's."""
    rows = (
        RankedEntry(2, 1, 1, D("80.50"), D("70.00"), D("10.50"), {10: D("8.25"), 9: D("-0.00")},
                    5, advanced=True),
        RankedEntry("é\"x", 1, 2, D("1E+1"), D("0"), D("10"), {"c\n": D("1.10"), "b": D("2")},
                    3, tier_id=None, needs_decision=True, tier_choices=(7, None, "t\\")),
        RankedEntry(1, "trk", 1, D("5.00"), D("5.00"), D("0.00"), {}, 1, tier_id="gold",
                    decided=True),
    )
    incomplete = (IncompleteEntry(4, 1, 1, 3, ("obj", 2)), IncompleteEntry(3, "trk", 0, 3))
    incomplete_json = [  # by entry id, missing criteria by id (ints before strings)
        {"entry": 3, "track": "trk", "scorecards": 0, "required": 3, "missing_objective": []},
        {"entry": 4, "track": 1, "scorecards": 1, "required": 3, "missing_objective": [2, "obj"]},
    ]
    assert results_checksum(rows, incomplete) == _canonical_json_checksum(rows, incomplete_json)
    assert results_checksum(rows[::-1], incomplete[::-1]) == results_checksum(rows, incomplete)
