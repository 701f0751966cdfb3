"""seed_demo's pipeline: a finalized award contest with certificates and an open round
whose candidates stand in several states; loading it again duplicates nothing."""

import pytest
from django.core.management import call_command

from contests.models import Contest
from nominations.demo import CONTEST_TITLE, ROUND_TITLE
from nominations.models import Nomination, NominationRound, Provenance, Review
from publicity.models import Certificate

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def counts():
    return (Nomination.objects.count(), Provenance.objects.count(), Review.objects.count(),
            Certificate.objects.count(), NominationRound.objects.count())


def test_the_demo_shows_the_pipeline_at_work_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first

    contest = Contest.objects.get(title=CONTEST_TITLE)
    assert contest.state == Contest.State.FINAL
    assert Certificate.objects.filter(contest=contest, status="valid").count() == 8
    round_ = NominationRound.objects.get(title=ROUND_TITLE)
    assert round_.state == NominationRound.State.OPEN
    statuses = set(round_.nominations.values_list("status", flat=True))
    assert {"eligible", "union_approved", "committee_approved", "rejected",
            "withdrawn"} <= statuses
    assert round_.nominations.filter(source="manual").count() == 1
    auto = round_.nominations.filter(source="auto")
    assert auto.exists() and all(n.provenance.exists() for n in auto)
