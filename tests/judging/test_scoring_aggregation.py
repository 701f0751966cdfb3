"""Mean, median and trimmed mean (judging.maths: aggregation), by hand and against numpy /
scipy references."""

from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from judging.maths import (
    Aggregation,
    ScoringInputError,
    aggregate,
    mean,
    median,
    minimum_cards,
    population_sd,
    round_half_up,
    trimmed_mean,
)

pytestmark = pytest.mark.unit


def decimals(*values: str) -> list[D]:
    return [D(v) for v in values]


def test_mean():
    assert mean(decimals("80", "85", "91.5")) == D("85.5")  # 256.5 / 3


def test_median_of_an_odd_count_is_the_middle_value():
    assert median(decimals("90", "70", "80")) == D("80")


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    assert median(decimals("100", "70", "90", "80")) == D("85")  # (80 + 90) / 2


def test_trimmed_mean_with_exactly_2_trim_plus_1_cards_keeps_the_middle_one():
    # 3 cards, trim 1: drop 60 and 95, keep 80.
    assert trimmed_mean(decimals("95", "60", "80"), trim=1) == D("80")


def test_when_two_judges_tie_for_the_highest_total_only_one_is_dropped():
    # 95, 95, 90, 80, 70: drop ONE 95 and the 70 → (95 + 90 + 80) / 3 = 88.333…
    # (dropping both 95s would give (90 + 80) / 2 = 85).
    result = trimmed_mean(decimals("95", "70", "95", "80", "90"), trim=1)
    assert round_half_up(result) == D("88.33")


def test_when_two_judges_tie_for_the_lowest_total_only_one_is_dropped():
    # 60, 60, 70, 80, 90: drop one 60 and the 90 → (60 + 70 + 80) / 3 = 70
    assert trimmed_mean(decimals("60", "90", "60", "80", "70"), trim=1) == D("70")


def test_trim_2_drops_two_highest_and_two_lowest():
    # 55, 60 | 70, 75, 80 | 90, 99 → (70 + 75 + 80) / 3 = 75
    assert trimmed_mean(decimals("99", "55", "80", "60", "75", "90", "70"), trim=2) == D("75")


def test_trim_2_with_exactly_five_cards():
    assert trimmed_mean(decimals("50", "10", "40", "20", "30"), trim=2) == D("30")


def test_trim_0_is_the_plain_mean():
    assert trimmed_mean(decimals("1", "2", "6"), trim=0) == D("3")


@pytest.mark.parametrize(("trim", "count"), [(1, 2), (2, 4), (1, 0)])
def test_trimmed_mean_with_too_few_values_is_refused(trim, count):
    with pytest.raises(ScoringInputError) as caught:
        trimmed_mean([D("80")] * count, trim=trim)
    assert caught.value.code in {"too_few_values"}


@pytest.mark.parametrize("function", [mean, median])
def test_mean_and_median_of_nothing_are_refused(function):
    with pytest.raises(ScoringInputError):
        function([])


@pytest.mark.parametrize(
    ("method", "trim", "expected"),
    [
        (Aggregation.MEAN, 1, 1),
        (Aggregation.MEDIAN, 1, 1),
        (Aggregation.TRIMMED_MEAN, 1, 3),
        (Aggregation.TRIMMED_MEAN, 2, 5),
    ],
)
def test_minimum_cards(method, trim, expected):
    assert minimum_cards(method, trim) == expected


def test_aggregate_dispatches_on_the_method():
    values = decimals("70", "80", "100", "100")
    assert aggregate(values, Aggregation.MEAN) == D("87.5")
    assert aggregate(values, Aggregation.MEDIAN) == D("90")
    assert aggregate(values, Aggregation.TRIMMED_MEAN, trim=1) == D("90")


def test_population_sd():
    # mean 5; squared deviations 9, 1, 1, 9 → 20 / 4 = 5 → √5
    assert round_half_up(population_sd(decimals("2", "4", "6", "8")), 6) == D("2.236068")
    assert population_sd([D("7")]) == 0


@pytest.mark.parametrize(
    ("exact", "rounded"),
    [
        (D("80.005"), D("80.01")),  # half-UP: banker's rounding would give 80.00
        (D("80.015"), D("80.02")),
        (D("80.0049999"), D("80.00")),
        (D("-0.001"), D("0.00")),  # never "-0.00"
    ],
)
def test_round_half_up(exact, rounded):
    assert str(round_half_up(exact)) == str(rounded)


# --- against numpy / scipy ---------------------------------------------------------------

two_place_scores = st.integers(min_value=0, max_value=10_000).map(lambda cents: D(cents) / 100)


def as_floats(values: list[D]) -> np.ndarray:
    return np.array([float(v) for v in values])


def close(ours: D, reference: float) -> bool:
    """Within 0.01 after rounding: float references may round the other way at .xx5."""
    return abs(float(round_half_up(ours)) - round(reference, 2)) <= 0.01 + 1e-9


@given(st.lists(two_place_scores, min_size=1, max_size=15))
def test_mean_matches_numpy(values):
    assert close(mean(values), float(np.mean(as_floats(values))))


@given(st.lists(two_place_scores, min_size=1, max_size=15))
def test_median_matches_numpy(values):
    assert close(median(values), float(np.median(as_floats(values))))


@given(st.data())
def test_trimmed_mean_matches_a_sorted_slice_and_scipy_trimboth(data):
    trim = data.draw(st.integers(min_value=0, max_value=3), label="trim")
    values = data.draw(st.lists(two_place_scores, min_size=2 * trim + 1, max_size=15))
    ours = trimmed_mean(values, trim=trim)

    ordered = np.sort(as_floats(values))
    sliced = ordered[trim : len(ordered) - trim]
    assert close(ours, float(sliced.mean()))
    # trimboth cuts int(proportion · n) values from each end; (trim + ½) / n makes that
    # int(trim + ½) = trim without floating-point surprises.
    kept = stats.trimboth(as_floats(values), (trim + 0.5) / len(values))
    assert len(kept) == len(values) - 2 * trim
    assert close(ours, float(np.mean(kept)))


@given(st.lists(two_place_scores, min_size=3, max_size=12), st.randoms())
def test_aggregation_does_not_depend_on_order(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    for method in Aggregation:
        assert aggregate(values, method) == aggregate(shuffled, method)
