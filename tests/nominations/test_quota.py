"""The quota: ranking by composite, ties broken by best rank, a tie across the quota needs
a recorded decision."""

from decimal import Decimal

import pytest

from core.errors import InvalidInput, NotAllowed
from nominations import selection, services
from nominations.models import Nomination
from nominations.transitions import transition_round
from tests.factories.nominations import RoundFactory, approved

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def statuses():
    return dict(Nomination.objects.values_list("pk", "status"))


def test_a_tie_straddling_the_quota_needs_a_decision():
    round_ = RoundFactory(quotas={"peoples_congress": 2})
    top = approved(round_, "peoples_congress", "91.50", best_rank=1)
    tied_a = approved(round_, "peoples_congress", "88.00", best_rank=2)
    tied_b = approved(round_, "peoples_congress", "88.00", best_rank=2)
    organizer = round_.created_by

    with pytest.raises(NotAllowed) as refused:
        transition_round(round_=round_, action="open_notice", actor=organizer)
    assert refused.value.as_data() == {
        "detail": "People's congress deputy: a tie straddles the quota; record a decision "
                  "first.", "state": "open"}
    assert set(statuses().values()) == {"committee_approved"}  # nothing moved

    with pytest.raises(InvalidInput):  # the clear first place cannot be dropped
        services.decide(round_=round_, post="peoples_congress",
                        nominations=[tied_a.pk, tied_b.pk], reason="抽签", actor=organizer)
    services.decide(round_=round_, post="peoples_congress", nominations=[top.pk, tied_b.pk],
                    reason="经推荐委员会讨论，按事迹突出程度确定", actor=organizer)
    transition_round(round_=round_, action="open_notice", actor=organizer)

    assert statuses() == {top.pk: "in_notice", tied_b.pk: "in_notice", tied_a.pk: "reserve"}


def test_best_rank_breaks_a_tie_without_a_decision():
    round_ = RoundFactory(quotas={"cppcc": 1})
    better = approved(round_, "cppcc", "88.00", best_rank=1)
    worse = approved(round_, "cppcc", "88.00", best_rank=3)
    manual = approved(round_, "cppcc", "88.00", best_rank=None)

    with pytest.raises(NotAllowed):
        services.decide(round_=round_, post="cppcc", nominations=[better.pk],
                        reason="无需决定", actor=round_.created_by)
    transition_round(round_=round_, action="open_notice", actor=round_.created_by)

    assert statuses() == {better.pk: "in_notice", worse.pk: "reserve", manual.pk: "reserve"}


def test_declined_nominations_do_not_go_on_notice():
    round_ = RoundFactory(quotas={"cppcc": 1})
    first = approved(round_, "cppcc", "95.00")
    second = approved(round_, "cppcc", "90.00")
    services.respond(nomination=first, actor=first.worker, accept=False)

    transition_round(round_=round_, action="open_notice", actor=round_.created_by)

    assert statuses() == {first.pk: "withdrawn", second.pk: "in_notice"}


def test_plan_is_pure_and_shares_places():
    c = [selection.Candidate(1, Decimal(90), 1, False),
         selection.Candidate(2, Decimal(80), 2, False),
         selection.Candidate(3, Decimal(80), 2, True),
         selection.Candidate(4, Decimal(70), None, False)]
    assert selection.plan(c, 3) == selection.Plan(selected=[1, 2, 3], reserve=[4])
    assert selection.plan(c, 2) == selection.Plan(selected=[1], reserve=[4], tied=[2, 3])
    assert selection.plan(c, 3, Decimal("0.7")).shortfall
    assert selection.check_decision(c, 2, None, [1, 3]) is None
    assert selection.check_decision(c, 2, None, [2, 3]) == "tie_not_resolved"
    assert selection.check_decision(c, 2, None, [1, 2, 3]) == "too_many"
    assert selection.check_decision(c, 2, None, [1, 9]) == "unknown"
