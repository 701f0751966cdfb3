"""One chain per stream (e.g. per contest), heads anchored in the global chain: what
`verify_audit` still detects."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent, AuditHead
from audit.services import ANCHOR_ACTION, anchor_streams, contest_stream, record, verify_chain
from tests.factories.accounts import OrganizerFactory

pytestmark = pytest.mark.unit


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def streams(db):
    """Global #1, contest:1 #1–3, contest:2 #1–2."""
    actor = OrganizerFactory()
    record(actor=actor, action="test.global")
    for i in range(3):
        record(actor=actor, action="test.one", data={"i": i}, stream=contest_stream(1))
    for i in range(2):
        record(actor=actor, action="test.two", data={"i": i}, stream=contest_stream(2))
    return actor


def test_each_stream_is_its_own_gapless_chain(streams):
    assert list(AuditEvent.objects.values_list("stream", "seq")) == [
        ("contest:1", 1), ("contest:1", 2), ("contest:1", 3),
        ("contest:2", 1), ("contest:2", 2), ("global", 1)]
    report = verify_chain()
    assert report.ok and report.checked == 6


def test_a_changed_event_in_a_stream_is_reported_with_its_stream(streams):
    _raw("UPDATE audit_auditevent SET data = '{\"i\": 9}' WHERE stream = 'contest:2' AND seq = 2")
    report = verify_chain()
    assert (report.ok, report.stream, report.broken_seq) == (False, "contest:2", 2)
    with pytest.raises(CommandError, match="event #2 of stream contest:2"):
        call_command("verify_audit")


def test_moving_an_event_to_another_stream_breaks_its_hash(streams):
    _raw("UPDATE audit_auditevent SET stream = 'contest:3', seq = 1 "
         "WHERE stream = 'contest:1' AND seq = 3")
    _raw("UPDATE audit_audithead SET last_seq = 2 WHERE stream = 'contest:1'")
    report = verify_chain()
    assert (report.stream, report.broken_seq) == ("contest:3", 1)


def test_deleting_a_stream_tail_and_rewinding_its_head_is_caught_by_the_anchor(streams):
    """Without the anchor, deleting a stream's last event and rewinding its head row (both
    plain database writes) would leave a consistent chain."""
    anchor = anchor_streams(actor=None)
    assert anchor.stream == "global" and anchor.action == ANCHOR_ACTION
    assert anchor.data == {"streams": {
        "contest:1": [3, AuditEvent.objects.get(stream="contest:1", seq=3).hash],
        "contest:2": [2, AuditEvent.objects.get(stream="contest:2", seq=2).hash]}}
    assert verify_chain().ok
    last = AuditEvent.objects.get(stream="contest:1", seq=2)
    _raw("DELETE FROM audit_auditevent WHERE stream = 'contest:1' AND seq = 3")
    _raw("UPDATE audit_audithead SET last_seq = 2, last_hash = %s WHERE stream = 'contest:1'",
         [last.hash])
    report = verify_chain()
    assert (report.stream, report.broken_seq) == ("contest:1", 3)
    assert "anchored event #3 is missing" in report.problem


def test_a_whole_anchored_stream_deleted_is_caught(streams):
    anchor_streams()
    _raw("DELETE FROM audit_auditevent WHERE stream = 'contest:2'")
    _raw("DELETE FROM audit_audithead WHERE stream = 'contest:2'")
    report = verify_chain()
    assert (report.stream, report.broken_seq) == ("contest:2", 2)
    assert "anchored event #2 is missing" in report.problem


def test_deleting_a_middle_event_of_a_stream_is_missing(streams):
    _raw("DELETE FROM audit_auditevent WHERE stream = 'contest:1' AND seq = 2")
    report = verify_chain()
    assert (report.stream, report.broken_seq) == ("contest:1", 2)
    assert "missing" in report.problem


def test_anchoring_again_only_anchors_streams_that_moved(streams):
    anchor_streams()
    assert anchor_streams() is None
    record(actor=streams, action="test.more", stream=contest_stream(2))
    anchor = anchor_streams()
    assert list(anchor.data["streams"]) == ["contest:2"]
    assert anchor.data["streams"]["contest:2"][0] == 3
    assert verify_chain().ok


def test_anchor_task_runs_the_service(streams):
    from audit.tasks import anchor_streams as task

    seq = task()
    assert AuditEvent.objects.get(stream="global", seq=seq).action == ANCHOR_ACTION


@pytest.mark.postgres
def test_concurrent_appends_to_several_streams_keep_every_chain_unbroken(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
    actor = OrganizerFactory()
    barrier = threading.Barrier(8)

    def append(i):
        from django.db import connections

        barrier.wait()
        for j in range(5):
            record(actor=actor, action="test.parallel", data={"thread": i, "j": j},
                   stream=contest_stream(i % 3))
            if j == 2:
                anchor_streams()
        connections.close_all()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = verify_chain()
    anchors = AuditEvent.objects.filter(action=ANCHOR_ACTION).count()
    assert report.ok and report.checked == 40 + anchors
    assert dict(AuditHead.objects.exclude(stream="global").values_list("stream", "last_seq")) \
        == {"contest:0": 15, "contest:1": 15, "contest:2": 10}
