"""Score validation and weighted totals (judging.maths: rubric)."""

from decimal import Decimal as D

import pytest

from judging.maths import (
    CriterionKind,
    Rubric,
    RubricCriterion,
    ScoreError,
    ScoringInputError,
    validate_score,
    validate_scores,
    weighted_total,
)

pytestmark = pytest.mark.unit

PRACTICAL = RubricCriterion("practical", "Practical", D("10"), D("2"))
SAFETY = RubricCriterion("safety", "Safety", D("10"), D("1.5"))
EXAM = RubricCriterion("exam", "Theory exam", D("100"), D("0.3"), CriterionKind.OBJECTIVE)
TIME = RubricCriterion("time", "Time used", D("600"), D("0"), CriterionKind.OBJECTIVE)
RUBRIC = Rubric((PRACTICAL, SAFETY, EXAM, TIME))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("8.50"), D("8.5")),
        ("8.5", D("8.5")),
        (" 7.25 ", D("7.25")),
        (D("8.500"), D("8.5")),  # trailing zeros are not extra decimal places
        (0, D("0")),
        (10, D("10")),
        (D("10.00"), D("10")),
    ],
)
def test_valid_scores_are_returned_as_decimals(value, expected):
    assert validate_score(PRACTICAL, value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (D("-0.01"), "negative"),
        (D("10.01"), "above_maximum"),
        ("11", "above_maximum"),
        (D("8.505"), "too_many_decimals"),
        ("0.001", "too_many_decimals"),
        (8.5, "not_a_number"),  # floats are binary fractions: refused
        (True, "not_a_number"),
        (None, "not_a_number"),
        ("eight", "not_a_number"),
        ("", "not_a_number"),
        (D("NaN"), "not_a_number"),
        ("Infinity", "not_a_number"),
    ],
)
def test_invalid_scores_raise_an_error_naming_the_criterion(value, code):
    with pytest.raises(ScoreError) as caught:
        validate_score(PRACTICAL, value)
    assert caught.value.criterion == "practical"
    assert caught.value.code == code
    assert "practical" in str(caught.value)


def test_score_error_is_a_value_error_for_callers_that_catch_broadly():
    assert issubclass(ScoreError, ScoringInputError)
    assert issubclass(ScoringInputError, ValueError)


def test_a_complete_scorecard_is_validated_in_rubric_order():
    scores = validate_scores(
        RUBRIC, {"safety": "7", "practical": D("9.25")}, CriterionKind.JUDGED
    )
    assert scores == {"practical": D("9.25"), "safety": D("7")}


def test_submitting_needs_every_judged_criterion():
    with pytest.raises(ScoreError) as caught:
        validate_scores(RUBRIC, {"practical": "9"}, CriterionKind.JUDGED)
    assert (caught.value.criterion, caught.value.code) == ("safety", "missing")


def test_a_draft_may_leave_criteria_out():
    assert validate_scores(RUBRIC, {"practical": "9"}, CriterionKind.JUDGED, complete=False) == {
        "practical": D("9")
    }


def test_unknown_and_wrong_kind_criteria_are_refused():
    with pytest.raises(ScoreError) as unknown:
        validate_scores(RUBRIC, {"style": "9"}, CriterionKind.JUDGED, complete=False)
    assert (unknown.value.criterion, unknown.value.code) == ("style", "unknown_criterion")
    with pytest.raises(ScoreError) as wrong_kind:
        validate_scores(RUBRIC, {"exam": "90"}, CriterionKind.JUDGED, complete=False)
    assert (wrong_kind.value.criterion, wrong_kind.value.code) == ("exam", "wrong_kind")


def test_objective_scores_are_validated_against_their_own_maximum():
    assert validate_scores(RUBRIC, {"exam": "88.5", "time": "412"}, CriterionKind.OBJECTIVE) == {
        "exam": D("88.5"),
        "time": D("412"),
    }
    with pytest.raises(ScoreError) as caught:
        validate_scores(RUBRIC, {"exam": "100.5", "time": "1"}, CriterionKind.OBJECTIVE)
    assert (caught.value.criterion, caught.value.code) == ("exam", "above_maximum")


def test_weighted_total_is_exact():
    # 2 × 9.25 + 1.5 × 7.33 = 18.5 + 10.995 = 29.495 (three places: no rounding yet)
    assert weighted_total(RUBRIC.judged, {"practical": D("9.25"), "safety": D("7.33")}) == D(
        "29.495"
    )


def test_weight_zero_criterion_adds_nothing_to_the_total():
    # 0.3 × 90 + 0 × 412 = 27
    assert weighted_total(RUBRIC.objective, {"exam": D("90"), "time": D("412")}) == D("27")


def test_rubric_splits_criteria_by_kind():
    assert RUBRIC.judged == (PRACTICAL, SAFETY)
    assert RUBRIC.objective == (EXAM, TIME)
    assert RUBRIC.get("exam") is EXAM
    assert RUBRIC.get("nope") is None


@pytest.mark.parametrize(
    "build",
    [
        lambda: Rubric((PRACTICAL, PRACTICAL)),
        lambda: RubricCriterion("x", "X", D("0"), D("1")),
        lambda: RubricCriterion("x", "X", D("10"), D("-1")),
    ],
)
def test_malformed_rubrics_are_refused(build):
    with pytest.raises(ScoringInputError):
        build()
