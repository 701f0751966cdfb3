"""The review machine: union → committee; every move the status forbids is a 409 that
carries the status; each review records reviewer, decision, reason, time, and an audit
event."""

import pytest

from audit.models import AuditEvent
from audit.services import verify_chain
from core.errors import InvalidInput, NotAllowed
from nominations import services
from nominations.models import Nomination, Review
from tests.factories.accounts import WorkerFactory
from tests.factories.nominations import NominationFactory, RoundFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

S = Nomination.Status
# (status, stage, decision) → the status after; every other combination is refused.
ALLOWED = {
    (S.ELIGIBLE, "union", "approve"): S.UNION_APPROVED,
    (S.ELIGIBLE, "union", "reject"): S.REJECTED,
    (S.INELIGIBLE, "union", "reject"): S.REJECTED,
    (S.UNION_APPROVED, "committee", "approve"): S.COMMITTEE_APPROVED,
    (S.UNION_APPROVED, "committee", "reject"): S.REJECTED,
}
MOVES = [(stage, decision) for stage in ("union", "committee")
         for decision in ("approve", "reject")]


@pytest.fixture
def round_():
    # Union members only: an `ineligible` nomination stays ineligible at the re-check.
    return RoundFactory(quotas={"cppcc": 5}, rules={"cppcc": {"union_member": True}})


def nomination_in(round_, status):
    worker = WorkerFactory(profile__union_member=status != S.INELIGIBLE)
    extra = {"rejected_stage": "union"} if status == S.REJECTED else {}
    return NominationFactory(round=round_, worker=worker, post="cppcc", status=status, **extra)


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("stage,decision", MOVES)
def test_every_review_move(round_, status, stage, decision):
    nomination = nomination_in(round_, status)
    organizer = round_.created_by
    expected = ALLOWED.get((status, stage, decision))

    if expected is None:
        with pytest.raises(NotAllowed) as refused:
            services.review(nomination=nomination, stage=stage, decision=decision,
                            reason="材料不实", actor=organizer)
        assert refused.value.status_code == 409
        assert refused.value.as_data()["state"] == status
        nomination.refresh_from_db()
        assert nomination.status == status
        assert not Review.objects.filter(nomination=nomination).exists()
        return

    moved = services.review(nomination=nomination, stage=stage, decision=decision,
                            reason="材料不实" if decision == "reject" else "", actor=organizer)
    assert moved.status == expected
    review = Review.objects.get(nomination=nomination)
    assert (review.stage, review.decision, review.reviewer) == (stage, decision, organizer)
    assert review.at is not None
    if decision == "reject":
        assert moved.rejected_stage == stage and moved.status_reason == "材料不实"
    event = AuditEvent.objects.filter(object_id=str(nomination.pk),
                                      action__startswith="nomination.").last()
    assert event.action == f"nomination.{stage}_{decision}"
    assert event.actor_id == organizer.pk
    assert verify_chain().ok


def test_a_rejection_needs_a_reason(round_):
    nomination = nomination_in(round_, S.ELIGIBLE)
    with pytest.raises(InvalidInput) as refused:
        services.review(nomination=nomination, stage="union", decision="reject", reason=" ",
                        actor=round_.created_by)
    assert refused.value.as_data() == {"reason": ["Give a reason."]}


def test_the_whole_way_through_both_reviews(round_):
    nomination = nomination_in(round_, S.ELIGIBLE)
    organizer = round_.created_by
    services.review(nomination=nomination, stage="union", decision="approve", reason="同意",
                    actor=organizer)
    done = services.review(nomination=nomination, stage="committee", decision="approve",
                           reason="同意推荐", actor=organizer)
    assert done.status == S.COMMITTEE_APPROVED
    assert list(Review.objects.filter(nomination=nomination).values_list("stage", "reason")) \
        == [("union", "同意"), ("committee", "同意推荐")]


def test_reviews_stop_once_the_round_left_open(round_):
    nomination = nomination_in(round_, S.ELIGIBLE)
    round_.state = "cancelled"
    round_.save()
    with pytest.raises(NotAllowed) as refused:
        services.review(nomination=nomination, stage="union", decision="approve", reason="",
                        actor=round_.created_by)
    assert refused.value.as_data()["state"] == "cancelled"
