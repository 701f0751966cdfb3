import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from audit.services import record, verify_chain
from tests.factories.accounts import EnterpriseFactory, OrganizerFactory

pytestmark = pytest.mark.unit


@pytest.fixture
def three_events(db):
    actor = OrganizerFactory()
    enterprise = EnterpriseFactory()
    return [
        record(actor=actor, action="test.created", target=enterprise, data={"n": i})
        for i in range(3)
    ]


def _raw_update(sql, params):
    # The model refuses updates; an attacker with database access would not ask it.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_to_their_predecessor(three_events):
    first, second, third = three_events
    assert [e.seq for e in three_events] == [1, 2, 3]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert verify_chain().ok and verify_chain().checked == 3


def test_changing_one_stored_event_is_reported_at_that_event(three_events):
    _raw_update(
        "UPDATE audit_auditevent SET data = %s WHERE seq = 2", ['{"n": 99}']
    )
    report = verify_chain()
    assert (report.ok, report.broken_seq, report.checked) == (False, 2, 1)
    with pytest.raises(CommandError, match="event #2"):
        call_command("verify_audit")


def test_rehashing_without_the_key_is_still_detected(three_events):
    """Someone with only database access recomputes a plain SHA-256: the HMAC does not match."""
    import hashlib

    forged = hashlib.sha256(b"forged").hexdigest()
    _raw_update("UPDATE audit_auditevent SET reason = 'x', hash = %s WHERE seq = 3", [forged])
    assert verify_chain().broken_seq == 3


def test_deleting_an_event_is_reported_as_missing(three_events):
    _raw_update("DELETE FROM audit_auditevent WHERE seq = 2", [])
    report = verify_chain()
    assert report.broken_seq == 2 and "missing" in report.problem


def test_the_model_refuses_updates_and_deletes(three_events):
    event = AuditEvent.objects.get(seq=1)
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(seq=1).update(reason="x")


def test_verify_audit_command_reports_success(three_events, capsys):
    call_command("verify_audit")
    assert "3 events" in capsys.readouterr().out


def test_an_event_rolled_back_with_its_write_leaves_no_gap(db):
    from django.db import transaction

    actor = OrganizerFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=actor, action="test.rolled_back")
        raise RuntimeError
    record(actor=actor, action="test.kept")
    assert list(AuditEvent.objects.values_list("seq", "action")) == [(1, "test.kept")]
    assert verify_chain().ok


def test_several_events_are_stored_as_returned_and_chained_in_order(db):
    """record_many (on PostgreSQL one statement writes the events and moves the head): the
    returned events carry their ids and are what was stored, byte for byte of the hash."""
    from decimal import Decimal

    from audit.models import AuditHead
    from audit.services import Pending, contest_stream, record_many

    actor, enterprise = OrganizerFactory(), EnterpriseFactory()
    record(actor=actor, action="test.first", stream=contest_stream(7))
    events = record_many(actor=actor, stream=contest_stream(7), events=[
        Pending("test.a", enterprise, {"名称": "骑手", "score": Decimal("7.50")}, "复核"),
        Pending("test.b", None, None),
        Pending("test.c", enterprise, {"nested": {"list": [1, None, "x"]}}),
    ])
    stored = {e.pk: e for e in AuditEvent.objects.filter(stream=contest_stream(7))}
    assert [e.seq for e in events] == [2, 3, 4]
    for event in events:
        row = stored[event.pk]
        assert (row.seq, row.action, row.object_id, row.data, row.reason, row.hash,
                row.prev_hash, row.created_at) == (
            event.seq, event.action, event.object_id, event.data, event.reason, event.hash,
            event.prev_hash, event.created_at)
    assert stored[events[0].pk].data == {"名称": "骑手", "score": "7.50"}
    assert AuditHead.objects.get(stream=contest_stream(7)).last_hash == events[-1].hash
    assert verify_chain().ok


@pytest.mark.postgres
def test_concurrent_appends_keep_one_unbroken_chain(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    actor = OrganizerFactory()
    barrier = threading.Barrier(8)

    def append(i):
        from django.db import connections

        barrier.wait()
        for j in range(5):
            record(actor=actor, action="test.parallel", data={"thread": i, "j": j})
        connections.close_all()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = verify_chain()
    assert report.ok and report.checked == 40
