"""Thin Celery tasks: ids in, one service call, idempotent (safe with `acks_late` and a
redelivery after a worker dies: the database's unique constraints make a rerun add
nothing)."""

from celery import shared_task


@shared_task(name="nominations.propose_from_contest", acks_late=True)
def propose_from_contest(contest_id: int) -> dict:
    """Propose a final contest's award winners in every open round that lists it."""
    from .services import propose_from_contest as propose

    return propose(contest_id)


@shared_task(name="nominations.remove_revoked_award", acks_late=True)
def remove_revoked_award(contest_id: int, entry_id: int, certificate_id: int | None = None
                         ) -> list[int]:
    """A certificate was revoked: drop its provenance and recompute."""
    from .services import remove_revoked_award as remove

    return remove(contest_id=contest_id, entry_id=entry_id, certificate_id=certificate_id)
