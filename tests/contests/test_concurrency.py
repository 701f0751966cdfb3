"""Two workers of one enterprise entering at the cap at the same moment: the contest row
lock makes the second wait and then see the first, so the cap holds. PostgreSQL only
(SQLite serialises all writers anyway)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from contests.models import Entry
from contests.services import create_entry
from core.errors import DomainError
from tests.factories.accounts import EnterpriseFactory
from tests.factories.contests import EntryFactory, contest_with_structure

from .conftest import make_worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL row locks",
    ),
]


def test_cap_holds_when_two_enter_at_once():
    contest = contest_with_structure(registration_open=True, max_nominees_per_enterprise=2)
    enterprise = EnterpriseFactory()
    EntryFactory(contest=contest, track=contest.tracks.first(), status="submitted",
                 worker=make_worker(enterprise=enterprise))
    racers = [make_worker(enterprise=enterprise) for _ in range(2)]
    track_id = contest.tracks.first().pk
    barrier = threading.Barrier(len(racers))
    outcomes = []

    def enter(worker):
        try:
            barrier.wait()
            create_entry(contest=contest, actor=worker, track_id=track_id)
            outcomes.append("created")
        except DomainError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(w,)) for w in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["IneligibleEntry", "created"]
    live = Entry.objects.filter(contest=contest, worker__enterprise=enterprise,
                                status__in=Entry.Status.ACTIVE)
    assert live.count() == 2
