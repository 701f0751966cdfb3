"""Properties of whole-stage computations over generated stages (hypothesis)."""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judging.maths import (
    Aggregation,
    JudgeCard,
    Normalization,
    Order,
    Quota,
    Rubric,
    StageEntry,
    StageRules,
    TieBreakRule,
    TieDecisions,
    TierRule,
    rank_stage,
)
from tests.judging.test_scoring_stage import judged, objective

pytestmark = pytest.mark.unit

# Drawing a whole stage is slow on a busy machine; how fast inputs are generated says
# nothing about the code under test, so that health check is not a failure here.
WHOLE_STAGES = settings(suppress_health_check=[HealthCheck.too_slow])

RUBRIC = Rubric((
    judged("practical", "10", "3"),
    judged("safety", "10", "1.5"),
    judged("style", "10", "0"),  # tie-break only
    objective("exam", "100", "0.25"),
    objective("time", "600", "0"),  # tie-break only
))
TIE_BREAKS = (TieBreakRule("time", Order.ASC), TieBreakRule("style", Order.DESC))
JUDGES = ["j1", "j2", "j3", "j4", "j5"]


def scores(max_cents: int):
    # few distinct values, so that ties are common
    return st.integers(0, max_cents // 50).map(lambda halves: D(halves * 50) / 100)


@st.composite
def stage_rules(draw) -> StageRules:
    aggregation = draw(st.sampled_from(list(Aggregation)))
    outcome = draw(st.sampled_from(["advance", "tiers", "rank"]))
    return StageRules(
        aggregation=aggregation,
        trim=1,
        normalize=draw(st.sampled_from(list(Normalization))),
        required_cards=draw(st.integers(1, 3)),
        tie_breaks=TIE_BREAKS,
        advancement=Quota(percent=D(draw(st.integers(0, 100)))) if outcome == "advance"
        else None,
        tiers=(TierRule("first", Quota(count=1)), TierRule("second", Quota(percent=D(25))))
        if outcome == "tiers" else (),
    )


@st.composite
def stages(draw):
    """Up to 10 entries in 1–2 tracks, each scored by a random subset of 5 judges."""
    entry_count = draw(st.integers(1, 10))
    entries = []
    cards = []
    for n in range(1, entry_count + 1):
        recorded = draw(st.booleans()) or draw(st.booleans())  # mostly recorded
        objective_scores = {"exam": draw(scores(10_000)), "time": draw(scores(60_000))}
        entries.append(StageEntry(n, draw(st.sampled_from(["riding", "sorting"])),
                             objective_scores if recorded else {"exam": D(50)}))
        for judge in draw(st.lists(st.sampled_from(JUDGES), unique=True, max_size=5)):
            card_scores = {c: draw(scores(1_000)) for c in ("practical", "safety", "style")}
            cards.append(JudgeCard(n, judge, card_scores, submitted=draw(st.booleans())
                                   or draw(st.booleans())))
    return draw(stage_rules()), entries, cards


@WHOLE_STAGES
@given(stages(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_inputs_arrive_in(stage, random):
    rules, entries, cards = stage
    first = rank_stage(RUBRIC, rules, entries, cards)
    shuffled_entries, shuffled_cards = list(entries), list(cards)
    random.shuffle(shuffled_entries)
    random.shuffle(shuffled_cards)
    again = rank_stage(RUBRIC, rules, shuffled_entries, shuffled_cards)
    assert again.rows == first.rows
    assert again.incomplete == first.incomplete
    assert again.checksum == first.checksum
    assert again == first


def ranking_key(row, tie_breaks):
    key = [-row.stage_score]
    for tie_break in tie_breaks:
        value = row.criterion_aggregates[tie_break.criterion_id]
        key.append(value if tie_break.order == Order.ASC else -value)
    return tuple(key)


@WHOLE_STAGES
@given(stages())
def test_every_rank_is_one_plus_the_rows_strictly_better_in_its_track(stage):
    rules, entries, cards = stage
    results = rank_stage(RUBRIC, rules, entries, cards)
    for row in results.rows:
        better = [
            other for other in results.rows
            if other.track_id == row.track_id
            and ranking_key(other, rules.tie_breaks) < ranking_key(row, rules.tie_breaks)
        ]
        assert row.rank == 1 + len(better)


@WHOLE_STAGES
@given(stages())
def test_every_entry_is_either_ranked_or_listed_incomplete_and_publishable_says_why(stage):
    rules, entries, cards = stage
    results = rank_stage(RUBRIC, rules, entries, cards)
    ranked = [row.entry_id for row in results.rows]
    incomplete = [item.entry_id for item in results.incomplete]
    assert sorted(ranked + incomplete) == sorted(entry.id for entry in entries)
    assert results.publishable == (not incomplete and not results.needs_decision)
    for row in results.rows:
        assert row.stage_score == row.stage_score.quantize(D("0.01"))
        assert row.scorecards >= rules.required_cards


@WHOLE_STAGES
@given(stages())
def test_widening_every_tier_in_every_track_leaves_nothing_to_decide(stage):
    rules, entries, cards = stage
    if not rules.tiers:
        rules = StageRules(aggregation=rules.aggregation, tie_breaks=rules.tie_breaks,
                           tiers=(TierRule("first", Quota(count=1)),
                                  TierRule("second", Quota(count=2))))
    widen_all = TieDecisions(widened=frozenset(
        (track, tier.id) for track in ("riding", "sorting") for tier in rules.tiers
    ))
    results = rank_stage(RUBRIC, rules, entries, cards, widen_all)
    assert not results.needs_decision
