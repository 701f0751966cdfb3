"""Parallel HTTP requests against a live server on PostgreSQL (no mocks): the scorecard
service locks the assignment row, so concurrent writes to one card run one after the
other in the database.

Decision: two concurrent submissions WITHOUT an Idempotency-Key answer one 200 and one
409 (the second sees the submitted card); WITH the same key, the second is either the
replay of the first answer (200, `Idempotent-Replayed`) or a 409 "still running" —
either way the card is submitted once.
"""

import threading

import pytest
import requests
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from audit.services import verify_chain
from judging.models import Score, Scorecard
from tests.factories.judging import ScorecardFactory
from tests.judging.conftest import build_scenario

pytestmark = pytest.mark.postgres

ROUNDS = 5


def _race(url, token, bodies, headers=None):
    """Send the bodies at the same moment from one thread each; return the responses."""
    barrier = threading.Barrier(len(bodies))
    responses = [None] * len(bodies)

    def send(index):
        session = requests.Session()
        barrier.wait()
        responses[index] = session.put(
            url, json=bodies[index], timeout=30,
            headers={"Authorization": f"Token {token}", **(headers or {})},
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.fixture
def race_setup(needs_postgres, transactional_db, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    s = build_scenario(entries=ROUNDS, judges=1, panel_size=1)
    token = Token.objects.create(user=s.judges[0]).key
    return s, token, live_server.url


def _submit_events(card):
    return AuditEvent.objects.filter(
        action="scorecard.submitted", object_type="judging.scorecard", object_id=str(card.pk)
    ).count()


@pytest.mark.parametrize("existing_draft", [False, True], ids=["new-card", "draft-card"])
def test_two_concurrent_submissions_give_one_submitted_scorecard(race_setup, existing_draft):
    s, token, base = race_setup
    body = {"scores": {str(c.pk): "8.50" for c in s.criteria}, "submit": True}
    for a in s.assignments():
        if existing_draft:
            ScorecardFactory(assignment=a, scores={s.criteria[0]: "1"})
        responses = _race(f"{base}/api/assignments/{a.pk}/scorecard/", token, [body, body])

        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 409], [r.text for r in responses]
        conflict = next(r for r in responses if r.status_code == 409).json()
        assert conflict["state"] == "submitted"
        card = Scorecard.objects.get(assignment=a)
        assert card.state == Scorecard.State.SUBMITTED
        assert Score.objects.filter(scorecard=card).count() == len(s.criteria)
        assert _submit_events(card) == 1
    assert verify_chain().ok


def test_a_double_clicked_draft_save_creates_no_duplicate_scores(race_setup):
    s, token, base = race_setup
    body = {"scores": {str(c.pk): "6.25" for c in s.criteria}, "comment": "草稿"}
    for a in s.assignments():
        responses = _race(f"{base}/api/assignments/{a.pk}/scorecard/", token, [body, body])

        assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
        card = Scorecard.objects.get(assignment=a)
        assert card.state == Scorecard.State.DRAFT and card.version == 2
        assert Score.objects.filter(scorecard=card).count() == len(s.criteria)
        assert sorted(r.json()["version"] for r in responses) == [1, 2]
        assert AuditEvent.objects.filter(action="scorecard.saved",
                                         object_id=str(card.pk)).count() == 2


def test_concurrent_submissions_with_the_same_idempotency_key_submit_once(race_setup):
    s, token, base = race_setup
    body = {"scores": {str(c.pk): "7" for c in s.criteria}, "submit": True}
    for a in s.assignments():
        responses = _race(f"{base}/api/assignments/{a.pk}/scorecard/", token, [body, body],
                          headers={"Idempotency-Key": f"submit-{a.pk}"})

        first = next(r for r in responses if r.status_code == 200
                     and "Idempotent-Replayed" not in r.headers)
        other = next(r for r in responses if r is not first)
        if other.status_code == 200:
            assert other.headers["Idempotent-Replayed"] == "true"
            assert other.json() == first.json()
        else:
            assert other.status_code == 409
            assert other.json()["state"] in {"idempotency_conflict", "submitted"}
        card = Scorecard.objects.get(assignment=a)
        assert Score.objects.filter(scorecard=card).count() == len(s.criteria)
        assert _submit_events(card) == 1


def test_a_judge_submits_while_another_judges_submit_in_the_contest_is_uncommitted(
        needs_postgres, transactional_db):
    """Each judge's cards are chained in their own audit stream of the contest: a judge's
    submit never waits for another judge's transaction (here held open, uncommitted, with
    its audit head locked). With one head per contest the second submit would block; a
    lock timeout turns that into an error instead of a hang."""
    from django.db import connection, connections, transaction

    from judging.services.scorecards import save_scorecard

    s = build_scenario(entries=1, judges=2, panel_size=2)
    first, second = s.assignments()
    scores = {str(c.pk): "6" for c in s.criteria}
    holding, release, failures = threading.Event(), threading.Event(), []

    def first_judge_submits_and_holds():
        try:
            with transaction.atomic():
                save_scorecard(assignment_id=first.pk, judge=first.judge, scores=scores,
                               submit=True)
                holding.set()
                release.wait(timeout=60)
        except Exception as error:  # reported by the main thread
            failures.append(error)
            holding.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_judge_submits_and_holds)
    thread.start()
    try:
        assert holding.wait(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '20s'")
        with transaction.atomic():
            card = save_scorecard(assignment_id=second.pk, judge=second.judge, scores=scores,
                                  submit=True)
        assert card.state == Scorecard.State.SUBMITTED
        # The first judge's card is not committed yet: only the second is visible.
        assert list(Scorecard.objects.values_list("assignment_id", flat=True)) == [second.pk]
    finally:
        release.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert failures == []
    assert Scorecard.objects.filter(state=Scorecard.State.SUBMITTED).count() == 2
    assert verify_chain().ok
