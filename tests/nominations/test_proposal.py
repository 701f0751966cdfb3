"""Automatic proposals when a source contest becomes final: idempotent by the database;
only open rounds, only the posts a source feeds; a revoked award takes its provenance
away; consent notifications."""

from decimal import Decimal

import pytest
from django.test import TestCase

from contests.transitions import transition_contest
from nominations.models import Nomination, Provenance
from nominations.tasks import propose_from_contest
from notifications.models import Notification
from publicity.models import Certificate
from publicity.services import revoke_certificate
from tests.factories.accounts import WorkerFactory
from tests.factories.nominations import RoundFactory, add_source
from tests.factories.publicity import (
    contest_with_results,
    end_notice_period,
    final_contest,
    publish,
)

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def finalize(built):
    publish(built.contest, built.organizer)
    end_notice_period(built.contest)
    with TestCase.captureOnCommitCallbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=None)


def snapshot():
    return (sorted(Nomination.objects.values_list("round_id", "worker_id", "post", "status",
                                                  "composite_score")),
            sorted(Provenance.objects.values_list("nomination_id", "contest_id", "rank")),
            Notification.objects.filter(kind="nomination_proposed").count())


def test_finalizing_proposes_every_winner_for_every_post_fed_and_twice_adds_nothing():
    built = contest_with_results(winners=3, losers=2)
    round_ = RoundFactory(quotas={"peoples_congress": 3, "cppcc": 2, "party_congress": 1})
    add_source(round_, built.contest, weight=Decimal(1), posts=["peoples_congress", "cppcc"])
    closed = RoundFactory(quotas={"cppcc": 2}, state="cancelled")
    add_source(closed, built.contest)

    finalize(built)

    nominations = Nomination.objects.filter(round=round_)
    assert nominations.count() == 6  # 3 winners × 2 posts fed; losers are not proposed
    assert set(nominations.values_list("post", flat=True)) == {"peoples_congress", "cppcc"}
    assert {n.worker_id for n in nominations} == {e.worker_id for e in built.winners}
    assert set(nominations.values_list("status", flat=True)) == {"eligible"}
    assert not Nomination.objects.filter(round=closed).exists()
    for entry in built.winners:  # one notification per nomination
        assert Notification.objects.filter(user_id=entry.worker_id,
                                           kind="nomination_proposed").count() == 2
    before = snapshot()

    outcome = propose_from_contest.delay(built.contest.pk).get()

    assert outcome == {"contest": built.contest.pk, "rounds": 1, "nominations": 0,
                       "provenance": 0}
    assert snapshot() == before


def test_a_round_listing_an_already_final_contest_receives_its_winners(
        organizer_client, django_capture_on_commit_callbacks):
    built = final_contest(winners=2, losers=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post("/api/nomination-rounds/", {
            "title": "补充推荐", "term": "2027年换届", "reference_date": "2027-01-01",
            "quotas": {"cppcc": 2}, "sources": [{"contest": built.contest.pk, "weight": "1"}],
        }, format="json")
    assert response.status_code == 201
    listed = organizer_client.get(
        f"/api/nomination-rounds/{response.json()['id']}/nominations/").json()["results"]
    assert [n["worker"]["id"] for n in listed] == [e.worker_id for e in built.winners]
    assert listed[0]["provenance"][0]["contest"] == built.contest.pk
    assert listed[0]["provenance"][0]["tier"] == "一等奖"


def test_a_revoked_award_takes_its_provenance_away():
    star, runner_up = WorkerFactory(), WorkerFactory()
    a = contest_with_results(winners=2, losers=0, workers=[star, runner_up])
    b = contest_with_results(winners=1, losers=0, workers=[star])
    round_ = RoundFactory(quotas={"cppcc": 2})
    add_source(round_, a.contest, weight=Decimal("0.5"))
    add_source(round_, b.contest, weight=Decimal("0.5"))
    finalize(a)
    finalize(b)
    star_nomination = Nomination.objects.get(worker=star)
    assert star_nomination.composite_score == Decimal("90.00")  # 0.5×90 + 0.5×90

    with TestCase.captureOnCommitCallbacks(execute=True):
        revoke_certificate(certificate=Certificate.objects.get(entry__worker=star,
                                                               contest=b.contest),
                           reason="异议成立，撤销奖项", actor=a.organizer)
        revoke_certificate(certificate=Certificate.objects.get(entry__worker=runner_up),
                           reason="异议成立，撤销奖项", actor=a.organizer)

    star_nomination.refresh_from_db()
    assert star_nomination.status == Nomination.Status.ELIGIBLE
    assert list(star_nomination.provenance.values_list("contest_id", flat=True)) == [a.contest.pk]
    assert star_nomination.composite_score == Decimal("45.00")
    left_with_none = Nomination.objects.get(worker=runner_up)
    assert left_with_none.status == Nomination.Status.WITHDRAWN
    assert left_with_none.status_reason == "The award it rested on was revoked."
    assert left_with_none.composite_score == Decimal("0.00")
    assert not left_with_none.provenance.exists()
    # Proposing again does not bring the revoked award back.
    propose_from_contest.delay(b.contest.pk).get()
    propose_from_contest.delay(a.contest.pk).get()
    assert star_nomination.provenance.count() == 1
    assert not Provenance.objects.filter(nomination=left_with_none).exists()


def test_consent_and_decline_are_told_and_recorded():
    built = contest_with_results(winners=1, losers=0)
    round_ = RoundFactory(quotas={"cppcc": 2})
    add_source(round_, built.contest)
    finalize(built)
    nomination = Nomination.objects.get(round=round_)
    told = Notification.objects.get(user=nomination.worker, kind="nomination_proposed")
    assert told.send_sms and told.send_email
    assert told.link == f"/me/nominations/{nomination.pk}/"

    from nominations.services import respond

    declined = respond(nomination=nomination, actor=nomination.worker, accept=False)
    assert declined.status == Nomination.Status.WITHDRAWN
    assert declined.accepted is False and declined.responded_at is not None
    # Withdrawn stays withdrawn when the task runs again.
    propose_from_contest.delay(built.contest.pk).get()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
