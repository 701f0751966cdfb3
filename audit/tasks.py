"""Thin Celery tasks of the audit log."""

from celery import shared_task


@shared_task(name="audit.anchor_streams", acks_late=True)
def anchor_streams() -> int | None:
    """Anchor the moved stream heads in the global chain; the anchoring event's seq."""
    from .services import anchor_streams as anchor

    event = anchor()
    return event.seq if event else None
