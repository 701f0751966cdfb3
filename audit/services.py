"""Writing and verifying the audit chain. Every app records its events through `record`."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .chain import GENESIS_HASH, canonical_content, link_hash, normalise
from .models import AuditEvent, AuditHead


def _locked_head() -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:
        try:
            with transaction.atomic():
                return AuditHead.objects.create(pk=1)
        except IntegrityError:
            return AuditHead.objects.select_for_update().get(pk=1)


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
    )


@dataclass(frozen=True)
class Pending:
    """One event to append with `record_many`."""

    action: str
    target: object = None
    data: dict | None = None
    reason: str = ""


def _chained(head: AuditHead, actor, pending: Iterable[Pending]) -> list[AuditEvent]:
    """The events, numbered and linked after `head` (which is moved to the last one)."""
    now = timezone.now()
    events = []
    for item in pending:
        event = AuditEvent(
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


def record(*, actor, action: str, target=None, data=None, reason: str = "") -> AuditEvent:
    """Append one event. Call it inside the service's transaction: if the write rolls back,
    so does its event. `target` is a model instance (or None)."""
    return record_many(actor=actor, events=[Pending(action, target, data, reason)])[0]


@transaction.atomic
def record_many(*, actor, events: Iterable[Pending]) -> list[AuditEvent]:
    """Append several events by one actor in a fixed number of queries (one head lock, one
    INSERT, one head update), chained in the order given."""
    head = _locked_head()
    chained = _chained(head, actor, events)
    if not chained:
        return []
    if len(chained) == 1:
        chained[0].save()
    else:
        AuditEvent.objects.bulk_create(chained)
    head.save(update_fields=["last_seq", "last_hash"])
    return chained


def record_pii_access(*, actor, subject, field: str, reason: str) -> AuditEvent:
    """Someone saw a full personal identifier (PIPL): who, whose, which field, why."""
    return record(
        actor=actor, action="pii.viewed", target=subject, data={"field": field}, reason=reason
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(key: str | None = None) -> ChainReport:
    """Walk the chain in order; report the first event whose link does not hold."""
    key = key or settings.AUDIT_HMAC_KEY
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "previous-hash link does not match")
        if link_hash(key, _event_content(event), prev_hash) != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_seq != checked:
        return ChainReport(checked, checked + 1, "chain head points past the last event")
    return ChainReport(checked)
