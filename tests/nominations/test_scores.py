"""Provenance and the composite score against hand-computed values: two source contests
with different maximum scores and weights, finalized through the real services."""

from decimal import Decimal

import pytest
from django.test import TestCase

from contests.transitions import transition_contest
from nominations.models import Nomination, Provenance
from tests.factories.accounts import WorkerFactory
from tests.factories.nominations import RoundFactory, add_source
from tests.factories.publicity import contest_with_results, end_notice_period, publish

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def finalize(built):
    publish(built.contest, built.organizer)
    end_notice_period(built.contest)
    with TestCase.captureOnCommitCallbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=None)


def test_composite_from_two_contests_of_different_maxima_and_weights():
    star, second = WorkerFactory(), WorkerFactory()
    # Contest A: one criterion, max 100, weight 1 → stage maximum 100. Star 90, second 89.5.
    a = contest_with_results(winners=2, losers=1, workers=[star, second])
    # Contest B: one criterion, max 30, weight 2 → stage maximum 60. Star 25 → stage 50.
    b = contest_with_results(winners=1, losers=1, workers=[star], max_score=Decimal(30),
                             weight=Decimal(2), scores=[Decimal(25), Decimal(20)])
    round_ = RoundFactory(quotas={"peoples_congress": 3})
    add_source(round_, a.contest, weight=Decimal("0.6"))
    add_source(round_, b.contest, weight=Decimal("0.4"))

    finalize(a)
    finalize(b)

    nomination = Nomination.objects.get(round=round_, worker=star)
    rows = {p.contest_id: p for p in Provenance.objects.filter(nomination=nomination)}
    assert rows[a.contest.pk].stage_score == Decimal("90.00")
    assert rows[a.contest.pk].max_score == Decimal(100)
    assert rows[a.contest.pk].rank == 1 and rows[a.contest.pk].tier_name == "一等奖"
    assert rows[a.contest.pk].weight == Decimal("0.6")
    assert rows[b.contest.pk].stage_score == Decimal("50.00")
    assert rows[b.contest.pk].max_score == Decimal(60)
    # 0.6 × 90/100×100 + 0.4 × 50/60×100 = 54 + 33.333… = 87.333… → 87.33
    assert nomination.composite_score == Decimal("87.33")
    assert nomination.best_rank == 1
    assert nomination.source == Nomination.Source.AUTO
    # The runner-up won only A, as 二等奖, rank 2: 0.6 × 89.5 = 53.70.
    other = Nomination.objects.get(round=round_, worker=second)
    assert other.composite_score == Decimal("53.70")
    assert other.best_rank == 2
    assert list(other.provenance.values_list("tier_name", flat=True)) == ["二等奖"]
    # One nomination per worker and post, whatever the number of sources.
    assert Nomination.objects.filter(round=round_).count() == 2


def test_half_up_rounding_happens_once_at_the_end():
    from nominations.composite import SourceScore, composite

    # 0.5 × 33.335/100×100 = 16.6675, plus 0.5 × 0.005/100×100 = 0.0025 → 16.67 (half-up
    # of 16.67, not a sum of separately rounded parts: 16.67 + 0.00).
    parts = [SourceScore(Decimal("33.335"), Decimal(100), Decimal("0.5")),
             SourceScore(Decimal("0.005"), Decimal(100), Decimal("0.5"))]
    assert composite(parts) == Decimal("16.67")
    assert composite([SourceScore(Decimal("0.125"), Decimal(1), Decimal("0.01"))]) == \
        Decimal("0.13")
    assert composite([]) == Decimal("0.00")
