"""Concurrent writes lose nothing and duplicate nothing. PostgreSQL only (SQLite
serialises all writers anyway)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from core.errors import DomainError
from nominations import services
from nominations.models import Nomination
from tests.factories.accounts import WorkerFactory
from tests.factories.nominations import NominationFactory, RoundFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks",
    ),
]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_committee_approvals_of_exclusive_posts_at_once_let_one_through():
    round_ = RoundFactory()
    worker = WorkerFactory()
    deputy = NominationFactory(round=round_, worker=worker, post="peoples_congress",
                               status=Nomination.Status.UNION_APPROVED)
    member = NominationFactory(round=round_, worker=worker, post="cppcc",
                               status=Nomination.Status.UNION_APPROVED)

    def approve(nomination):
        return lambda: services.review(nomination=nomination, stage="committee",
                                       decision="approve", reason="", actor=round_.created_by)

    assert race([approve(deputy), approve(member)]) == ["ExclusivePostTaken", "ok"]
    assert Nomination.objects.filter(status="committee_approved").count() == 1


def test_two_manual_proposals_of_the_same_worker_at_once_make_one():
    round_ = RoundFactory()
    worker = WorkerFactory()

    def propose():
        services.propose_manual(round_=round_, worker_id=worker.pk, post="cppcc",
                                reason="推荐", actor=round_.created_by)

    assert race([propose, propose]) == ["DuplicateNomination", "ok"]
    assert Nomination.objects.filter(worker=worker).count() == 1
