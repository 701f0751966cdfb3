"""Eligibility, rule by rule, at its boundaries; exclusive post groups at committee
approval; the non-party share when the notice opens."""

from datetime import date
from decimal import Decimal

import pytest

from core.errors import NotAllowed
from nominations import services
from nominations.errors import ExclusivePostTaken
from nominations.models import Nomination
from nominations.transitions import transition_round
from tests.factories.accounts import WorkerFactory
from tests.factories.nominations import NominationFactory, RoundFactory, approved, worker_born

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def propose(round_, worker, post):
    return services.propose_manual(round_=round_, worker_id=worker.pk, post=post,
                                   reason="工会推荐", actor=round_.created_by)


def failed_rules(nomination):
    return [r["rule"] for r in nomination.eligibility if not r["ok"]]


def test_a_probationary_party_member_cannot_stand_for_party_congress():
    round_ = RoundFactory(quotas={"party_congress": 2},
                          rules={"party_congress": {"political_status": ["party_member"]}})
    member = propose(round_, WorkerFactory(profile__political_status="party_member"),
                     "party_congress")
    probationary = propose(round_, WorkerFactory(
        profile__political_status="probationary_member"), "party_congress")

    assert member.status == Nomination.Status.ELIGIBLE
    assert probationary.status == Nomination.Status.INELIGIBLE
    assert failed_rules(probationary) == ["political_status"]
    from nominations.eligibility import reason
    assert reason(probationary.eligibility[0]) == (
        "Political status CPC probationary member is not allowed; allowed: CPC member.")


def test_age_exactly_18_on_the_reference_date_passes_one_day_short_fails():
    round_ = RoundFactory(quotas={"peoples_congress": 3}, reference_date=date(2027, 1, 1),
                          rules={"peoples_congress": {"min_age": 18}})
    eighteen = propose(round_, worker_born(date(2009, 1, 1)), "peoples_congress")
    a_day_short = propose(round_, worker_born(date(2009, 1, 2)), "peoples_congress")

    assert eighteen.status == Nomination.Status.ELIGIBLE
    assert eighteen.eligibility == [{"rule": "min_age", "ok": True, "params": {
        "age": 18, "min": 18, "on": "2027-01-01"}}]
    assert a_day_short.status == Nomination.Status.INELIGIBLE
    assert a_day_short.eligibility[0]["params"]["age"] == 17


def test_max_age_counts_the_birthday_itself():
    round_ = RoundFactory(quotas={"cppcc": 2}, reference_date=date(2027, 1, 1),
                          rules={"cppcc": {"max_age": 60}})
    sixty_one = propose(round_, worker_born(date(1966, 1, 1)), "cppcc")
    assert sixty_one.status == Nomination.Status.INELIGIBLE  # turned 61 that very day
    still_sixty = propose(round_, worker_born(date(1966, 1, 2)), "cppcc")
    assert still_sixty.status == Nomination.Status.ELIGIBLE


def test_min_years_at_its_boundary():
    round_ = RoundFactory(quotas={"cppcc": 2}, rules={"cppcc": {"min_years": Decimal(2)}})
    exactly = propose(round_, WorkerFactory(profile__years_in_industry=Decimal("2.0")), "cppcc")
    short = propose(round_, WorkerFactory(profile__years_in_industry=Decimal("1.9")), "cppcc")

    assert exactly.status == Nomination.Status.ELIGIBLE
    assert short.status == Nomination.Status.INELIGIBLE
    assert failed_rules(short) == ["min_years"]


def test_union_membership_and_award_rules():
    round_ = RoundFactory(quotas={"cppcc": 2},
                          rules={"cppcc": {"union_member": True, "require_award": True}})
    nomination = propose(round_, WorkerFactory(profile__union_member=False), "cppcc")
    assert failed_rules(nomination) == ["union_member", "require_award"]


def test_eligibility_is_checked_again_at_review():
    round_ = RoundFactory(quotas={"cppcc": 2}, rules={"cppcc": {"union_member": True}})
    worker = WorkerFactory(profile__union_member=True)
    nomination = propose(round_, worker, "cppcc")
    assert nomination.status == Nomination.Status.ELIGIBLE
    worker.worker_profile.union_member = False
    worker.worker_profile.save()

    with pytest.raises(NotAllowed) as refused:
        services.review(nomination=nomination, stage="union", decision="approve", reason="",
                        actor=round_.created_by)

    assert refused.value.as_data()["state"] == "ineligible"
    assert refused.value.as_data()["eligibility"][0]["rule"] == "union_member"
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INELIGIBLE  # the re-check is kept


def test_exclusive_post_groups_refuse_a_second_committee_approval():
    round_ = RoundFactory()  # default group: peoples_congress with cppcc
    worker = WorkerFactory()
    deputy = NominationFactory(round=round_, worker=worker, post="peoples_congress",
                               status=Nomination.Status.UNION_APPROVED)
    member = NominationFactory(round=round_, worker=worker, post="cppcc",
                               status=Nomination.Status.UNION_APPROVED)
    delegate = NominationFactory(round=round_, worker=worker, post="party_congress",
                                 status=Nomination.Status.UNION_APPROVED)
    organizer = round_.created_by

    services.review(nomination=deputy, stage="committee", decision="approve", reason="",
                    actor=organizer)
    with pytest.raises(ExclusivePostTaken) as refused:
        services.review(nomination=member, stage="committee", decision="approve", reason="",
                        actor=organizer)

    body = refused.value.as_data()
    assert refused.value.status_code == 409
    assert body["post"] == "peoples_congress" and body["nomination"] == deputy.pk
    assert body["state"] == "union_approved"
    assert "People's congress deputy" in body["detail"]
    # A party congress delegate may also be either.
    services.review(nomination=delegate, stage="committee", decision="approve", reason="",
                    actor=organizer)
    delegate.refresh_from_db()
    assert delegate.status == Nomination.Status.COMMITTEE_APPROVED


def test_min_non_party_share_is_checked_when_the_notice_opens():
    round_ = RoundFactory(quotas={"cppcc": 2},
                          rules={"cppcc": {"min_non_party_share": Decimal("0.60")}})
    first = approved(round_, "cppcc", 95, political_status="party_member")
    second = approved(round_, "cppcc", 90, political_status="masses")
    third = approved(round_, "cppcc", 80, political_status="democratic_party")
    organizer = round_.created_by

    # Top two: one party member of two = 50% non-party < 60%.
    with pytest.raises(NotAllowed) as refused:
        transition_round(round_=round_, action="open_notice", actor=organizer)
    assert "non-party" in refused.value.as_data()["detail"]
    assert refused.value.as_data()["state"] == "open"

    with pytest.raises(Exception) as wrong:
        services.decide(round_=round_, post="cppcc", nominations=[first.pk, second.pk],
                        reason="按排名", actor=organizer)
    assert wrong.value.as_data() == {
        "nominations": ["This list breaks the minimum share of non-party members."]}
    services.decide(round_=round_, post="cppcc", nominations=[second.pk, third.pk],
                    reason="优化结构，党外人士比例不低于60%", actor=organizer)
    transition_round(round_=round_, action="open_notice", actor=organizer)

    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "reserve", second.pk: "in_notice", third.pk: "in_notice"}
