"""The entry state machine: one table, one function, one entry or many in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.services import record
from contests.entry_transitions import (
    ENTRY_TRANSITIONS,
    transition_entries,
    transition_entry,
)
from contests.models import Contest, Entry, EntryDecision, Stage
from core.errors import NotAllowed, PermissionDenied
from tests.factories.accounts import OrganizerFactory
from tests.factories.contests import EntryFactory, StageFactory, contest_with_structure

pytestmark = pytest.mark.django_db


def _entries(count: int, status=Entry.Status.QUALIFIED) -> tuple[Stage, list[Entry]]:
    contest = contest_with_structure(state=Contest.State.JUDGING)
    track = contest.tracks.get()
    StageFactory(contest=contest, position=1)
    entries = [EntryFactory(contest=contest, track=track, status=status) for _ in range(count)]
    return Stage.objects.get(contest=contest, position=1), entries


def test_every_status_is_reached_by_some_move_and_every_source_is_a_status():
    statuses = set(Entry.Status.values)
    assert {move.target for move in ENTRY_TRANSITIONS} == statuses - {Entry.Status.DRAFT}
    assert all(move.sources <= statuses for move in ENTRY_TRANSITIONS)


@pytest.mark.parametrize("count", [1, 50])
def test_many_entries_move_in_a_fixed_number_of_queries_with_history_and_audit(count):
    next_stage, entries = _entries(count)
    record(actor=None, action="test.chain_started")  # the chain's head exists, as in use
    with CaptureQueriesContext(connection) as captured:
        moved = transition_entries(entries=entries, action="advance", actor=None,
                                   stage_id=next_stage.pk)
    # UPDATE entries, INSERT decisions; audit: lock the stream's head, INSERT the events,
    # UPDATE the head (PostgreSQL: the INSERT and the UPDATE in one statement). The same at
    # 1 and at 50 entries.
    assert len(captured) == (4 if connection.vendor == "postgresql" else 5), [
        q["sql"][:60] for q in captured]
    assert len(moved) == count
    assert set(Entry.objects.values_list("status", "stage_id")) == {
        (Entry.Status.ADVANCED, next_stage.pk)}
    decisions = EntryDecision.objects.filter(action="advance", status=Entry.Status.ADVANCED)
    assert sorted(decisions.values_list("entry_id", flat=True)) == sorted(e.pk for e in entries)
    events = AuditEvent.objects.filter(action="entry.advance").order_by("seq")
    assert [e.data for e in events] == [
        {"from": "qualified", "to": "advanced", "contest": e.contest_id, "stage": next_stage.pk}
        for e in entries
    ]


def test_moving_again_to_the_same_place_writes_nothing():
    next_stage, entries = _entries(3)
    transition_entries(entries=entries, action="advance", actor=None, stage_id=next_stage.pk)
    with CaptureQueriesContext(connection) as captured:
        assert transition_entries(entries=entries, action="advance", actor=None,
                                  stage_id=next_stage.pk) == []
    assert len(captured) == 0
    assert EntryDecision.objects.count() == 3


def test_one_entry_out_of_place_refuses_the_whole_call():
    next_stage, entries = _entries(3)
    entries[1].status = Entry.Status.WITHDRAWN
    entries[1].save()
    with pytest.raises(NotAllowed) as refusal:
        transition_entries(entries=entries, action="advance", actor=None,
                           stage_id=next_stage.pk)
    assert refusal.value.state == Entry.Status.WITHDRAWN
    assert set(Entry.objects.values_list("status", flat=True)) == {
        Entry.Status.QUALIFIED, Entry.Status.WITHDRAWN}
    assert not EntryDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="entry.advance").exists()


def test_the_table_says_who_may_make_a_move():
    _stage, [entry] = _entries(1, status=Entry.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        transition_entry(entry=entry, action="qualify", actor=entry.worker)
    with pytest.raises(PermissionDenied):  # a worker withdraws only their own entry
        transition_entry(entry=entry, action="withdraw", actor=EntryFactory().worker)
    assert transition_entry(entry=entry, action="qualify", actor=OrganizerFactory())
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.QUALIFIED
