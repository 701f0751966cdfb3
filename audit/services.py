"""Writing and verifying the audit chains. Every app records its events through `record`.

A write names its stream (`contest_stream(contest_id)` for what organizers and the system
do inside a contest, `judge_stream(contest_id, judge_id)` for a judge's scorecards there);
by default events go to the global stream. Busy streams are anchored in the global chain
by `anchor_streams` (Celery beat, every minute): an `audit.anchored` event records each
stream's last (seq, hash), so even someone who rewrites a stream's head row in the
database cannot delete or replace an anchored event unnoticed — the anchor is in the
HMAC-protected global chain.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.prepared import prepared_cursor

from .chain import GENESIS_HASH, canonical_content, link_hash, normalise
from .models import GLOBAL_STREAM, AuditEvent, AuditHead, StreamAnchor

ANCHOR_ACTION = "audit.anchored"


def contest_stream(contest_id) -> str:
    """The stream of what an organizer or the system records inside one contest (panels,
    assignments, results)."""
    return f"contest:{contest_id}"


def judge_stream(contest_id, judge_id) -> str:
    """The stream of one judge's scorecards in one contest: their saves, submits and
    clears, and the reopenings of their cards. Judges scoring at the same time never wait
    for each other's audit head, and each card's history stays in one chain."""
    return f"contest:{contest_id}:judge:{judge_id}"


def locked_head(stream: str) -> AuditHead:
    """The stream's head, locked until the transaction ends (created on the stream's first
    event)."""
    try:
        return AuditHead.objects.select_for_update().get(stream=stream)
    except AuditHead.DoesNotExist:
        try:
            with transaction.atomic():
                return AuditHead.objects.create(stream=stream)
        except IntegrityError:
            return AuditHead.objects.select_for_update().get(stream=stream)


def _event_content(event: AuditEvent) -> bytes:
    return canonical_content(
        seq=event.seq,
        created_at=event.created_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        reason=event.reason,
        stream=event.stream,
    )


@dataclass(frozen=True)
class Pending:
    """One event to append with `record_many`."""

    action: str
    target: object = None
    data: dict | None = None
    reason: str = ""


def chain(head: AuditHead, actor, pending: Iterable[Pending]) -> list[AuditEvent]:
    """The events, numbered and linked after `head` in its stream (the head is moved to the
    last one)."""
    now = timezone.now()
    events = []
    for item in pending:
        event = AuditEvent(
            stream=head.stream,
            seq=head.last_seq + 1,
            created_at=now,
            actor_id=getattr(actor, "pk", None),
            actor_label=getattr(actor, "username", "") or ("system" if actor is None else ""),
            action=item.action,
            object_type=item.target._meta.label_lower if item.target is not None else "",
            object_id=str(item.target.pk) if item.target is not None else "",
            data=normalise(item.data),
            reason=item.reason or "",
            prev_hash=head.last_hash,
        )
        event.hash = link_hash(settings.AUDIT_HMAC_KEY, _event_content(event), event.prev_hash)
        head.last_seq, head.last_hash = event.seq, event.hash
        events.append(event)
    return events


def record(*, actor, action: str, target=None, data=None, reason: str = "",
           stream: str = GLOBAL_STREAM) -> AuditEvent:
    """Append one event to `stream`. Call it inside the service's transaction, as its last
    write (the stream's head stays locked until the commit): if the write rolls back, so
    does its event. `target` is a model instance (or None)."""
    return record_many(actor=actor, events=[Pending(action, target, data, reason)],
                       stream=stream)[0]


def record_many(*, actor, events: Iterable[Pending],
                stream: str = GLOBAL_STREAM) -> list[AuditEvent]:
    """Append several events by one actor to `stream` in a fixed number of queries, chained
    in the order given: the head's lock, then the events and the moved head (one statement
    on PostgreSQL, which shortens the time the stream stays locked; an INSERT and an UPDATE
    elsewhere)."""
    # No savepoint of its own: it joins the caller's transaction (or opens one).
    with transaction.atomic(savepoint=False):
        head = locked_head(stream)
        chained = chain(head, actor, events)
        if not chained:
            return []
        if connection.vendor == "postgresql":
            sql, params = append_sql(head, chained)
            with prepared_cursor() as cursor:
                cursor.execute(f"WITH {sql} SELECT id FROM audit_events ORDER BY seq", params)
                for event, (pk,) in zip(chained, cursor.fetchall(), strict=True):
                    event.pk, event._state.adding = pk, False
            return chained
        if len(chained) == 1:
            chained[0].save()
        else:
            AuditEvent.objects.bulk_create(chained)
        head.save(update_fields=["last_seq", "last_hash"])
        return chained


# The columns of an event written by `append_sql`, in order.
_EVENT_COLUMNS = ("stream", "seq", "created_at", "actor_id", "actor_label", "action",
                  "object_type", "object_id", "data", "reason", "prev_hash", "hash")


def append_sql(head: AuditHead, chained: list[AuditEvent]) -> tuple[str, list]:
    """PostgreSQL: two data-modifying CTEs, `audit_head` (the head moved to the last event)
    and `audit_events` (the events INSERTed, RETURNING id and seq), to put in one statement
    with the caller's own writes: `WITH <sql> SELECT …`. The head must be locked by the
    caller's transaction and `chained` built on it by `chain`."""
    events, heads = AuditEvent._meta.db_table, AuditHead._meta.db_table
    row = "(" + ", ".join("%s::jsonb" if c == "data" else "%s" for c in _EVENT_COLUMNS) + ")"
    params = [head.last_seq, head.last_hash, head.pk]
    for event in chained:
        params += [event.stream, event.seq, event.created_at, event.actor_id,
                   event.actor_label, event.action, event.object_type, event.object_id,
                   json.dumps(event.data), event.reason, event.prev_hash, event.hash]
    sql = (f"audit_head AS (UPDATE {heads} SET last_seq = %s, last_hash = %s WHERE id = %s), "
           f"audit_events AS (INSERT INTO {events} ({', '.join(_EVENT_COLUMNS)}) "
           f"VALUES {', '.join([row] * len(chained))} RETURNING id, seq)")
    return sql, params


def record_pii_access(*, actor, subject, field: str, reason: str) -> AuditEvent:
    """Someone saw a full personal identifier (PIPL): who, whose, which field, why."""
    return record(
        actor=actor, action="pii.viewed", target=subject, data={"field": field}, reason=reason
    )


def anchor_streams(*, actor=None) -> AuditEvent | None:
    """Anchor in the global chain the heads of the streams that moved since their last
    anchor (one `audit.anchored` event); None when nothing moved. Heads are read as
    committed, without locking them: appends to the streams go on meanwhile."""
    with transaction.atomic():
        locked_head(GLOBAL_STREAM)  # one anchoring at a time
        anchored = dict(StreamAnchor.objects.values_list("stream", "seq"))
        moved = {
            stream: (seq, digest)
            for stream, seq, digest in AuditHead.objects.exclude(stream=GLOBAL_STREAM)
            .order_by("stream").values_list("stream", "last_seq", "last_hash")
            if seq > anchored.get(stream, 0)
        }
        if not moved:
            return None
        event = record(actor=actor, action=ANCHOR_ACTION, data={"streams": {
            stream: [seq, digest] for stream, (seq, digest) in moved.items()}})
        for stream, (seq, _digest) in moved.items():
            StreamAnchor.objects.update_or_create(stream=stream, defaults={"seq": seq})
        return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    stream: str = GLOBAL_STREAM

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _anchors() -> dict[tuple[str, int], str]:
    """(stream, seq) → hash, as anchored in the global chain (whose own links are checked
    in the walk)."""
    anchored = {}
    for data in AuditEvent.objects.filter(stream=GLOBAL_STREAM, action=ANCHOR_ACTION) \
            .order_by("seq").values_list("data", flat=True):
        for stream, (seq, digest) in (data.get("streams") or {}).items():
            anchored[(stream, seq)] = digest
    return anchored


def verify_chain(key: str | None = None) -> ChainReport:
    """Walk every stream's chain in order; report the first event whose link does not hold,
    a stream whose head points past its last event, or an anchored event that is gone or
    changed. `checked` counts the events verified, all streams together."""
    key = key or settings.AUDIT_HMAC_KEY
    anchors = _anchors()
    heads = dict(AuditHead.objects.values_list("stream", "last_seq"))
    checked, seen = 0, set()
    stream, prev_hash, expected_seq = None, GENESIS_HASH, 1

    def stream_end(name) -> ChainReport | None:
        last = expected_seq - 1
        if heads.get(name, last) != last:
            return ChainReport(checked, last + 1, "chain head points past the last event",
                               stream=name)
        missing = sorted(seq for s, seq in anchors if s == name and seq > last)
        if missing:
            return ChainReport(checked, missing[0], f"anchored event #{missing[0]} is missing",
                               stream=name)
        return None

    for event in AuditEvent.objects.order_by("stream", "seq").iterator(chunk_size=2000):
        if event.stream != stream:
            if stream is not None and (problem := stream_end(stream)):
                return problem
            stream, prev_hash, expected_seq = event.stream, GENESIS_HASH, 1
            seen.add(stream)
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing",
                               stream=stream)
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "previous-hash link does not match",
                               stream=stream)
        if link_hash(key, _event_content(event), prev_hash) != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash",
                               stream=stream)
        if anchors.get((stream, event.seq), event.hash) != event.hash:
            return ChainReport(checked, event.seq, "differs from its anchor", stream=stream)
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if stream is not None and (problem := stream_end(stream)):
        return problem
    expected_seq = 1  # streams without any event left
    for name in sorted(({s for s, _seq in anchors} | set(heads)) - seen):
        if problem := stream_end(name):
            return problem
    return ChainReport(checked)
