"""Advancement, tier quotas and organizer decisions (judging.maths: allocation)."""

from decimal import Decimal as D
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.maths import (
    Placement,
    Quota,
    ScoringInputError,
    TierRule,
    advancement_seats,
    advancing,
    allocate_tiers,
)
from judging.maths.tiers_and_advancement import _TrackAllocator

pytestmark = pytest.mark.unit

GOLD, SILVER, BRONZE = "gold", "silver", "bronze"


def ranks_of(*ranks: int) -> dict[str, int]:
    """Entries "a", "b", ... with the given competition ranks."""
    return {chr(ord("a") + index): rank for index, rank in enumerate(ranks)}


def tiers_of(gold: int, silver: int, bronze: int) -> list[TierRule]:
    return [TierRule(GOLD, Quota(count=gold)), TierRule(SILVER, Quota(count=silver)),
            TierRule(BRONZE, Quota(count=bronze))]


def tier_ids(allocation) -> dict[str, str | None]:
    return {entry: placement.tier_id for entry, placement in allocation.placements.items()}


def undecided(allocation) -> set[str]:
    return {e for e, placement in allocation.placements.items() if placement.needs_decision}


# --- quotas --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "track_size", "seats"),
    [
        ("10", 20, 2),
        ("10", 19, 1),  # 1.9 rounds down
        ("10", 9, 0),  # 0.9 rounds down to nothing
        ("20", 20, 4),
        ("30", 20, 6),
        ("33.3", 3, 0),  # 0.999
        ("33.4", 3, 1),  # 1.002
        ("100", 7, 7),
        ("0", 7, 0),
    ],
)
def test_percent_quota_rounds_down(percent, track_size, seats):
    assert Quota(percent=D(percent)).seats(track_size) == seats


def test_a_whole_number_percent_may_be_an_int():
    assert Quota(percent=10).seats(20) == 2


def test_count_quota_ignores_the_track_size():
    assert Quota(count=3).seats(1) == 3
    assert Quota(count=0).seats(50) == 0


@pytest.mark.parametrize(
    "build",
    [lambda: Quota(), lambda: Quota(count=1, percent=D(10)), lambda: Quota(count=-1),
     lambda: Quota(percent=D("-5"))],
)
def test_a_quota_is_exactly_one_non_negative_count_or_percent(build):
    with pytest.raises(ScoringInputError):
        build()


# --- advancement ---------------------------------------------------------------------------


def test_top_n_advances():
    assert advancing(ranks_of(1, 2, 3, 4, 5), Quota(count=3)) == {"a", "b", "c"}


def test_everyone_tied_at_the_cut_advances():
    # ranks 1, 2, 3, 3, 5 with 3 places: both rank-3 entries advance (4 in all).
    assert advancing(ranks_of(1, 2, 3, 3, 5), Quota(count=3)) == {"a", "b", "c", "d"}


def test_a_tie_that_starts_above_the_cut_advances_whole():
    # ranks 1, 2, 2, 2, 5 with 2 places: the three rank-2 entries advance.
    assert advancing(ranks_of(1, 2, 2, 2, 5), Quota(count=2)) == {"a", "b", "c", "d"}


def test_top_percent_advances_rounded_down_with_a_tie_at_the_cut():
    # 10 entries, 25 % → 2.5 → 2 places; "b" and "c" tie at rank 2 → 3 advance.
    ranks = ranks_of(1, 2, 2, 4, 5, 6, 7, 8, 9, 10)
    assert advancement_seats(Quota(percent=D(25)), len(ranks)) == 2
    assert advancing(ranks, Quota(percent=D(25))) == {"a", "b", "c"}


def test_a_positive_percentage_advances_at_least_one():
    # 3 entries, 10 % → 0.3 → would be 0: a small track is not emptied by rounding.
    assert advancement_seats(Quota(percent=D(10)), 3) == 1
    assert advancing(ranks_of(1, 2, 3), Quota(percent=D(10))) == {"a"}


def test_zero_places_advance_nobody_and_an_empty_track_advances_nobody():
    assert advancing(ranks_of(1, 2), Quota(count=0)) == frozenset()
    assert advancing(ranks_of(1, 2), Quota(percent=D(0))) == frozenset()
    assert advancement_seats(Quota(percent=D(50)), 0) == 0


# --- tiers ----------------------------------------------------------------------------------


def test_tiers_fill_in_rank_order_up_to_their_quotas():
    allocation = allocate_tiers(ranks_of(1, 2, 3, 4, 5, 6, 7), tiers_of(1, 2, 3))
    assert tier_ids(allocation) == {
        "a": GOLD, "b": SILVER, "c": SILVER, "d": BRONZE, "e": BRONZE, "f": BRONZE, "g": None,
    }
    assert undecided(allocation) == set()
    assert allocation.seats == {GOLD: 1, SILVER: 2, BRONZE: 3}


def test_share_quotas_use_the_track_size_rounded_down():
    # 19 entries: 10 % → 1, 20 % → 3 (3.8), 30 % → 5 (5.7).
    tiers = [TierRule(GOLD, Quota(percent=D(10))), TierRule(SILVER, Quota(percent=D(20))),
             TierRule(BRONZE, Quota(percent=D(30)))]
    allocation = allocate_tiers({f"e{n:02}": n for n in range(1, 20)}, tiers)
    assert allocation.seats == {GOLD: 1, SILVER: 3, BRONZE: 5}
    placed = tier_ids(allocation)
    assert [placed[f"e{n:02}"] for n in range(1, 11)] == [
        GOLD, SILVER, SILVER, SILVER, BRONZE, BRONZE, BRONZE, BRONZE, BRONZE, None,
    ]


def test_a_tie_inside_a_tier_needs_no_decision():
    # ranks 1, 2, 2, 4 with silver 2: both rank-2 entries fit in silver.
    allocation = allocate_tiers(ranks_of(1, 2, 2, 4), tiers_of(1, 2, 1))
    assert tier_ids(allocation) == {"a": GOLD, "b": SILVER, "c": SILVER, "d": BRONZE}
    assert undecided(allocation) == set()


def test_a_tie_straddling_a_quota_boundary_needs_a_decision():
    # gold 1, silver 2, bronze 2; ranks a1, b2, c2, d2, e5, f6.
    # b, c, d tie for the 2 silver places: they span silver and bronze. e takes the bronze
    # place left after the tie (provisionally), f gets nothing.
    allocation = allocate_tiers(ranks_of(1, 2, 2, 2, 5, 6), tiers_of(1, 2, 2))
    assert undecided(allocation) == {"b", "c", "d"}
    assert allocation.placements["b"] == Placement(
        None, needs_decision=True, choices=(SILVER, BRONZE)
    )
    assert tier_ids(allocation) == {
        "a": GOLD, "b": None, "c": None, "d": None, "e": BRONZE, "f": None,
    }


def test_a_recorded_decision_resolves_the_tie():
    allocation = allocate_tiers(
        ranks_of(1, 2, 2, 2, 5, 6),
        tiers_of(1, 2, 2),
        assignments={"b": SILVER, "c": SILVER, "d": BRONZE},
    )
    assert undecided(allocation) == set()
    assert tier_ids(allocation) == {
        "a": GOLD, "b": SILVER, "c": SILVER, "d": BRONZE, "e": BRONZE, "f": None,
    }
    assert allocation.placements["d"] == Placement(BRONZE, decided=True)
    assert allocation.applied_assignments == {"b", "c", "d"}


def test_deciding_one_member_can_be_enough():
    # d → bronze; b and c then fit the 2 silver places.
    allocation = allocate_tiers(
        ranks_of(1, 2, 2, 2, 5, 6), tiers_of(1, 2, 2), assignments={"d": BRONZE}
    )
    assert undecided(allocation) == set()
    assert tier_ids(allocation) == {
        "a": GOLD, "b": SILVER, "c": SILVER, "d": BRONZE, "e": BRONZE, "f": None,
    }


def test_deciding_too_few_members_leaves_the_rest_undecided():
    # b → silver; c and d still tie for the one silver place left.
    allocation = allocate_tiers(
        ranks_of(1, 2, 2, 2, 5, 6), tiers_of(1, 2, 2), assignments={"b": SILVER}
    )
    assert undecided(allocation) == {"c", "d"}
    assert allocation.placements["c"].choices == (SILVER, BRONZE)


def test_widening_a_tier_gives_the_whole_tie_that_tier_and_later_tiers_keep_their_quota():
    allocation = allocate_tiers(
        ranks_of(1, 2, 2, 2, 5, 6, 7), tiers_of(1, 2, 2), widened={SILVER}
    )
    assert undecided(allocation) == set()
    assert tier_ids(allocation) == {
        "a": GOLD, "b": SILVER, "c": SILVER, "d": SILVER, "e": BRONZE, "f": BRONZE, "g": None,
    }
    assert allocation.applied_widenings == {SILVER}


def test_a_tie_at_the_last_place_spans_the_last_tier_and_no_tier():
    # bronze has 1 place; d and e tie for it.
    allocation = allocate_tiers(ranks_of(1, 2, 3, 4, 4, 6), tiers_of(1, 2, 1))
    assert undecided(allocation) == {"d", "e"}
    assert allocation.placements["d"].choices == (BRONZE, None)
    assert tier_ids(allocation)["f"] is None
    decided = allocate_tiers(ranks_of(1, 2, 3, 4, 4, 6), tiers_of(1, 2, 1),
                             assignments={"d": BRONZE, "e": None})
    assert tier_ids(decided) == {
        "a": GOLD, "b": SILVER, "c": SILVER, "d": BRONZE, "e": None, "f": None,
    }


def test_a_decision_outside_the_ties_choices_or_for_an_untied_entry_is_not_applied():
    allocation = allocate_tiers(
        ranks_of(1, 2, 2, 2, 5, 6),
        tiers_of(1, 2, 2),
        assignments={"b": GOLD, "e": SILVER},  # gold is not a choice; e is not tied
        widened={GOLD},  # no tie spans the end of gold
    )
    assert undecided(allocation) == {"b", "c", "d"}
    assert tier_ids(allocation)["e"] == BRONZE
    assert allocation.applied_assignments == frozenset()
    assert allocation.applied_widenings == frozenset()


def test_placing_a_whole_tie_in_a_lower_tier_never_promotes_a_worse_entry():
    # a and b tie for the single gold place; the organizer gives both silver. Gold stays
    # empty: c, ranked below them, must not get a better tier than they did.
    allocation = allocate_tiers(
        ranks_of(1, 1, 3, 4), tiers_of(1, 2, 2), assignments={"a": SILVER, "b": SILVER}
    )
    assert tier_ids(allocation) == {"a": SILVER, "b": SILVER, "c": BRONZE, "d": BRONZE}


def test_an_empty_tier_is_skipped():
    # 10 % of 5 entries is 0 gold; silver takes the top 2.
    tiers = [TierRule(GOLD, Quota(percent=D(10))), TierRule(SILVER, Quota(count=2))]
    allocation = allocate_tiers(ranks_of(1, 2, 3), tiers)
    assert tier_ids(allocation) == {"a": SILVER, "b": SILVER, "c": None}


def test_a_tie_can_span_three_tiers():
    allocation = allocate_tiers(ranks_of(1, 1, 1, 4), tiers_of(1, 1, 5))
    assert allocation.placements["a"].choices == (GOLD, SILVER, BRONZE)
    assert tier_ids(allocation)["d"] == BRONZE


def test_no_tiers_means_no_tier_for_anyone():
    assert tier_ids(allocate_tiers(ranks_of(1, 2), [])) == {"a": None, "b": None}


# --- properties ----------------------------------------------------------------------------


@st.composite
def ranked_tracks(draw):
    """Competition ranks for up to 15 entries (random ties), and 1–4 count quotas."""
    scores = draw(st.lists(st.integers(0, 6), min_size=0, max_size=15))
    ranks = {f"e{i:02}": 1 + sum(other > score for other in scores)
             for i, score in enumerate(scores)}
    quotas = draw(st.lists(st.integers(0, 4), min_size=1, max_size=4))
    return ranks, [TierRule(f"t{i}", Quota(count=q)) for i, q in enumerate(quotas)]


def tier_position(tiers: list[TierRule], tier_id: str | None) -> int:
    return len(tiers) if tier_id is None else [t.id for t in tiers].index(tier_id)


@given(ranked_tracks())
def test_without_decisions_quotas_hold_and_a_better_rank_never_gets_a_worse_tier(case):
    ranks, tiers = case
    allocation = allocate_tiers(ranks, tiers)
    placed = allocation.placements
    for tier in tiers:
        assert sum(1 for p in placed.values() if p.tier_id == tier.id) <= tier.quota.count
    decided = [entry for entry, p in placed.items() if not p.needs_decision]
    for entry in decided:
        for other in decided:
            if ranks[entry] < ranks[other]:
                assert tier_position(tiers, placed[entry].tier_id) <= tier_position(
                    tiers, placed[other].tier_id
                )
    for p in placed.values():
        if p.needs_decision:
            assert len(p.choices) >= 2


@given(ranked_tracks())
def test_ties_share_a_fate_and_widening_every_tier_resolves_every_tie(case):
    ranks, tiers = case
    placed = allocate_tiers(ranks, tiers).placements
    undecided_ranks = {ranks[entry] for entry, p in placed.items() if p.needs_decision}
    for entry, rank in ranks.items():
        assert placed[entry].needs_decision == (rank in undecided_ranks)
    widened = allocate_tiers(ranks, tiers, widened={tier.id for tier in tiers})
    assert not any(p.needs_decision for p in widened.placements.values())
    for entry in ranks:
        for other in ranks:
            if ranks[entry] == ranks[other]:
                assert widened.placements[entry].tier_id == widened.placements[other].tier_id


@given(ranked_tracks(), st.data())
def test_the_lone_entry_shortcut_places_as_the_general_rule_does(case, data):
    """`allocate_tiers` places an entry tied with no other without the general machinery
    (`_TrackAllocator._place_alone`, for speed): with the shortcut turned off, every
    placement, seat count and applied decision is the same, decisions included."""
    ranks, tiers = case
    choices = [tier.id for tier in tiers] + [None]
    assignments = data.draw(st.dictionaries(st.sampled_from(sorted(ranks) or ["none"]),
                                            st.sampled_from(choices), max_size=4))
    widened = data.draw(st.frozensets(st.sampled_from(choices[:-1]), max_size=2))
    fast = allocate_tiers(ranks, tiers, assignments=assignments, widened=widened)
    def general_rule(allocator, entry):
        allocator._place_group([entry])

    with patch.object(_TrackAllocator, "_place_alone", general_rule):
        general = allocate_tiers(ranks, tiers, assignments=assignments, widened=widened)
    assert fast == general
