"""Competition ranks and tie-break keys (judging.maths: ranking)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judging.maths import Order, TieBreakRule, competition_ranks, ranking_key

pytestmark = pytest.mark.unit


def test_equal_keys_share_a_rank_and_the_next_rank_skips():
    keys = {"a": (D(-90),), "b": (D(-85),), "c": (D(-85),), "d": (D(-70),)}
    assert competition_ranks(keys) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_three_way_tie_at_the_top():
    keys = {"a": (D(-9),), "b": (D(-9),), "c": (D(-9),), "d": (D(-8),)}
    assert competition_ranks(keys) == {"a": 1, "b": 1, "c": 1, "d": 4}


def test_no_rows_no_ranks():
    assert competition_ranks({}) == {}


def test_higher_stage_score_comes_first():
    assert ranking_key(D("90"), {}, ()) < ranking_key(D("89.99"), {}, ())


def test_desc_tie_break_prefers_the_higher_aggregate():
    tie_breaks = (TieBreakRule("practical", Order.DESC),)
    better = ranking_key(D("80"), {"practical": D("9")}, tie_breaks)
    worse = ranking_key(D("80"), {"practical": D("8.5")}, tie_breaks)
    assert better < worse


def test_asc_tie_break_prefers_the_lower_aggregate():
    tie_breaks = (TieBreakRule("time", Order.ASC),)
    faster = ranking_key(D("80"), {"time": D("300")}, tie_breaks)
    slower = ranking_key(D("80"), {"time": D("301")}, tie_breaks)
    assert faster < slower


def test_tie_breaks_apply_in_order_and_only_after_the_stage_score():
    tie_breaks = (TieBreakRule("time", Order.ASC), TieBreakRule("practical", Order.DESC))
    keys = {
        "top": ranking_key(D("81"), {"time": D("999"), "practical": D("0")}, tie_breaks),
        "fast": ranking_key(D("80"), {"time": D("300"), "practical": D("5")}, tie_breaks),
        "slow_good": ranking_key(D("80"), {"time": D("310"), "practical": D("9")}, tie_breaks),
        "slow_bad": ranking_key(D("80"), {"time": D("310"), "practical": D("8")}, tie_breaks),
        "slow_bad_too": ranking_key(D("80"), {"time": D("310"), "practical": D("8")}, tie_breaks),
    }
    assert competition_ranks(keys) == {
        "top": 1, "fast": 2, "slow_good": 3, "slow_bad": 4, "slow_bad_too": 4,
    }


def test_tie_break_default_order_is_desc():
    assert TieBreakRule("x").order == Order.DESC


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=10_000),
        st.tuples(st.integers(0, 4), st.integers(0, 3)).map(lambda t: tuple(map(D, t))),
        max_size=25,
    )
)
def test_rank_is_one_plus_the_number_of_strictly_better_rows(keys):
    ranks = competition_ranks(keys)
    assert set(ranks) == set(keys)
    for item, key in keys.items():
        assert ranks[item] == 1 + sum(1 for other in keys.values() if other < key)
