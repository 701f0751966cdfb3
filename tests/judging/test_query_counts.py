"""Pinned query counts: the judge's assignment list, results and progress run the same
number of queries for 1 row as for 50; computing results, for 1 entry as for 600."""

import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from contests.models import Contest, Entry, Stage
from judging.models import Assignment, ResultRow, Score, Scorecard
from judging.services.results import compute_stage_results
from tests.factories.contests import AttachmentFactory
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.api


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(captured)


@pytest.mark.parametrize("blind", [False, True])
@pytest.mark.parametrize("size", [1, 50])
def test_assignment_list_queries(make_scenario, size, blind):
    s = make_scenario(entries=size, judges=1, panel_size=1, blind=blind)
    for a in s.assignments():
        ScorecardFactory(assignment=a, scores={s.criteria[0]: "5"})
        AttachmentFactory(entry=a.entry)
    client = s.client(s.judges[0])
    url = "/api/assignments/?page_size=50"
    assert len(client.get(url).json()["results"]) == size
    # count, page (with stage, contest, entry, track, worker and their profile and
    # enterprise for blind redaction, scorecard), criteria, scores, attachments.
    assert _queries(client, url) == 5


@pytest.mark.parametrize("size", [1, 50])
def test_results_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=1, panel_size=1, tiers=(3,),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str(a.entry_id % 10))
    compute_stage_results(stage_id=s.stage.pk)
    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/results/?page_size=50"
    assert client.get(url).json()["count"] == size
    # contest, final stage, result set, count, rows (with entry, track, worker, profile, tier).
    assert _queries(client, url) == 5


@pytest.mark.parametrize("size", [1, 50])
def test_progress_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=3, panel_size=2)
    s.submit_all()
    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/progress/?stage={s.stage.pk}"
    body = client.get(url).json()
    assert len(body["entries"]) == size and body["submitted"] == body["expected"] == 2 * size
    # contest, stage, per judge, per entry counts, first stage, population.
    assert _queries(client, url) == 6


@pytest.mark.parametrize("size", [1, 50])
def test_result_computation_queries_do_not_grow_with_entries(make_scenario, size):
    s = make_scenario(entries=size, judges=2, panel_size=2, tiers=(3,),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str((a.entry_id + a.judge_id) % 10))
    compute_stage_results(stage_id=s.stage.pk)  # creates the result set once
    with CaptureQueriesContext(connection) as captured:
        compute_stage_results(stage_id=s.stage.pk)
    # Loading is fixed (stages, rubric, rules, population, objective scores, cards, scores,
    # decisions); saving is one delete, one insert, one update of the result set, one of
    # the entries, and the audit event (head, insert, head; PostgreSQL: head, then the
    # insert and the head's update in one statement). (The codes of incomplete entries are
    # read only when there are some: none here.)
    assert len(captured) == 21 - _FAST_PATH_SAVING, [q["sql"][:80] for q in captured]


# On PostgreSQL the figures come from one statement (judging/fast_results.py, after one
# setting its work_mem) instead of four reads (population, objective scores, cards, scores),
# and the audit event and its head's update are one statement (audit.services.record_many).
_FAST_PATH_SAVING = 3 if connection.vendor == "postgresql" else 0


def _insert_batches(rows: int) -> int:
    """INSERT statements Django splits `rows` result rows into: one, unless the backend caps
    a statement's parameters (SQLite with Django < 6.0: 999, so 66 rows of 15 columns)."""
    fields = [f for f in ResultRow._meta.concrete_fields if not f.primary_key]
    return math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))


def _add_scored_entries(s, count: int, *, late: bool = False) -> list[Entry]:
    """`count` entries in the scenario's stage, each with a submitted card from every judge
    (bulk-created: factories would take seconds); `late`: the first judge's card is a draft."""
    workers = User.objects.bulk_create([
        User(username=f"bulk-{s.stage.pk}-{late}-{i}", password="!", role=Role.WORKER)
        for i in range(count)
    ])
    entries = Entry.objects.bulk_create([
        Entry(contest=s.contest, track=s.track, worker=w, status=Entry.Status.QUALIFIED)
        for w in workers
    ])
    assignments = Assignment.objects.bulk_create([
        Assignment(stage=s.stage, entry=e, judge=j) for e in entries for j in s.judges
    ])
    now = timezone.now()
    cards = Scorecard.objects.bulk_create([
        Scorecard(assignment=a, state=Scorecard.State.DRAFT, version=1)
        if late and a.judge_id == s.judges[0].pk else
        Scorecard(assignment=a, state=Scorecard.State.SUBMITTED, submitted_at=now, version=1)
        for a in assignments
    ])
    Score.objects.bulk_create([
        Score(scorecard=card, criterion=c, value=Decimal((a.entry_id * 7 + a.judge_id) % 11))
        for card, a in zip(cards, assignments, strict=True) for c in s.criteria
    ])
    return entries


@pytest.mark.parametrize("final", [True, False], ids=["final", "non_final"])
@pytest.mark.parametrize("size", [1, 600])
def test_result_computation_queries_are_fixed_beyond_django_batch_sizes(
        make_scenario, final, size):
    """600 entries cross every batch size Django applies (in_bulk 999 ids, bulk_update 500
    or 333 rows on SQLite): only the INSERT of the result rows may be split, by the
    backend's parameter cap. Entries move as their rows say, the incomplete one included."""
    s = make_scenario(entries=0, judges=2, panel_size=2, tiers=(3,), final=final,
                      advance_top=None if final else size // 2 or 1, assign=False,
                      state=Contest.State.RESULTS_READY)
    _add_scored_entries(s, size)
    (late,) = _add_scored_entries(s, 1, late=True)
    if final:
        Entry.objects.filter(pk=late.pk).update(tier=s.tiers[0])  # awarded before a reopening
    compute_stage_results(stage_id=s.stage.pk)  # creates the result set once
    with CaptureQueriesContext(connection) as captured:
        result_set = compute_stage_results(stage_id=s.stage.pk)
    statements = [q["sql"] for q in captured]
    inserts = [sql for sql in statements  # one COPY on PostgreSQL
               if sql.startswith(('INSERT INTO "judging_resultrow"', 'COPY "judging_resultrow"'))]
    assert len(inserts) == _insert_batches(size + 1)
    # As in the test above, plus the codes of the incomplete entry. A non-final stage reads
    # no tiers nor tie decisions; it reads its ranked entries once, and the entry state
    # machine finds them already advanced or eliminated (no UPDATE).
    assert len(statements) - len(inserts) == (21 if final else 19) - _FAST_PATH_SAVING, [
        sql[:80] for sql in statements]

    rows = {r.entry_id: r for r in result_set.rows.all()}
    assert len(rows) == size + 1 and rows[late.pk].incomplete
    entries = Entry.objects.filter(contest=s.contest)
    if final:
        assert dict(entries.values_list("pk", "tier_id")) == {
            e: r.tier_id for e, r in rows.items()}
        assert Entry.objects.get(pk=late.pk).tier_id is None
        return
    final_stage = Stage.objects.get(contest=s.contest, position=1)
    assert {pk: (status, stage) for pk, status, stage in entries.values_list(
        "pk", "status", "stage_id")} == {
        e: (Entry.Status.QUALIFIED, None) if r.incomplete
        else (Entry.Status.ADVANCED, final_stage.pk) if r.advanced
        else (Entry.Status.ELIMINATED, s.stage.pk)
        for e, r in rows.items()
    }
    assert sum(r.advanced for r in rows.values()) >= (size // 2 or 1)


@pytest.mark.parametrize("size", [1, 50])
def test_scorecard_list_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=1, panel_size=1)
    s.submit_all()
    client = s.client(s.organizer)
    url = "/api/scorecards/?page_size=50"
    assert client.get(url).json()["count"] == size
    # count, page (with assignment, entry, stage), scores.
    assert _queries(client, url) == 3


@pytest.mark.parametrize("size", [1, 50])
def test_consistency_queries(make_scenario, size):
    s = make_scenario(entries=size, judges=3, panel_size=3, state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str((a.entry_id * 3 + a.judge_id) % 10))
    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/consistency/?stage={s.stage.pk}"
    assert len(client.get(url).json()["judges"]) == 3
    # contest, stage, cards (with their judge), scores, criteria, judges.
    assert _queries(client, url) == 6


def _token_client(judge):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=judge).key}")
    return client


def _statements(client, assignment, body, **headers) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.put(f"/api/assignments/{assignment.pk}/scorecard/", body,
                              format="json", **headers)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in captured]


# The savepoint pair of the service's transaction, inside the test's own (in production the
# service's transaction is the outermost: BEGIN and COMMIT, which are not counted).
_SAVEPOINTS = 2
# On PostgreSQL the rubric comes with the locked assignment, the scores with the card, and
# the card's writes are one statement (judging/services/scorecards.py).
_PG = connection.vendor == "postgresql"


@pytest.mark.parametrize("criteria", [1, 20])
def test_submitting_a_scorecard_runs_a_fixed_number_of_queries(make_scenario, criteria):
    """PUT …/scorecard/ with a token, as a judge's app sends it, for a card not saved
    before: token + user, the locked assignment (with its contest and entry), its card
    (none), the rubric; the card INSERTed in its final state (submitted, version 1), one
    INSERT of the scores; the audit event in the judge's stream in the contest (head lock,
    INSERT, head UPDATE). The answer reads nothing back. The same count at 1 and at 20 criteria; on
    PostgreSQL 4: token + user; the assignment locked with the rubric; the card with its
    scores, the judge's audit head locked in the same statement (and the new card's id
    drawn); the card, its scores, the event and the moved head in one statement."""
    s = make_scenario(entries=2, judges=2, panel_size=2, max_scores=("10",) * criteria)
    second = s.assignments()[1]
    from audit.services import judge_stream, record

    # The judge's stream exists already (its first event opens it).
    record(actor=second.judge, action="test.first",
           stream=judge_stream(s.contest.pk, second.judge.pk))
    body = {"scores": {str(c.pk): "7.5" for c in s.criteria}, "submit": True}
    statements = _statements(_token_client(second.judge), second, body)
    assert len(statements) == (4 if _PG else 9) + _SAVEPOINTS, statements
    # No default ordering cascading through the foreign keys.
    assert not any('"contests_contest"."year"' in sql for sql in statements), statements
    card = Scorecard.objects.get(assignment=second)
    assert (card.state, card.version) == (Scorecard.State.SUBMITTED, 1)
    assert {str(x.criterion_id): x.value for x in card.scores.all()} == {
        str(c.pk): Decimal("7.50") for c in s.criteria}


@pytest.mark.parametrize("criteria", [1, 20])
def test_submitting_a_saved_draft_runs_a_fixed_number_of_queries(make_scenario, criteria):
    """The card exists (a draft with every score): its scores are read, the changed ones
    UPDATEd in one statement, the card UPDATEd once with its new state. With an
    Idempotency-Key: one INSERT of the pending key before, one UPDATE with the answer
    after (no sweep of expired keys on the way)."""
    s = make_scenario(entries=1, judges=1, panel_size=1, max_scores=("10",) * criteria)
    (assignment,) = s.assignments()
    client = _token_client(assignment.judge)
    draft = {"scores": {str(c.pk): "5" for c in s.criteria}}
    _statements(client, assignment, draft)  # opens the contest's audit stream too
    body = {"scores": {str(c.pk): "7.5" for c in s.criteria}, "submit": True,
            "expected_version": 1}
    statements = _statements(client, assignment, body, HTTP_IDEMPOTENCY_KEY="submit-1")
    # token; key claimed (in its own savepoint here); lock, card, rubric, scores (PG: lock
    # with rubric, card with scores and the audit head locked); card UPDATE, scores UPDATE
    # (PG: one statement, with the event and the head's update); audit head, INSERT, head
    # UPDATE (PG: none of their own); the key's answer saved.
    reads, writes, audit = (2, 1, 0) if _PG else (4, 2, 3)
    assert len(statements) == (1 + (1 + _SAVEPOINTS) + reads + writes + audit + _SAVEPOINTS
                               + 1), statements
    card = Scorecard.objects.get(assignment=assignment)
    assert (card.state, card.version) == (Scorecard.State.SUBMITTED, 2)
    assert set(card.scores.values_list("value", flat=True)) == {Decimal("7.50")}
