"""Thin, idempotent Celery tasks around the contest services."""

from celery import shared_task

from .models import Contest


@shared_task(name="contests.apply_deadlines", acks_late=True)
def apply_deadlines() -> list[list]:
    """Beat: close registration and judging whose deadline has passed."""
    from .services import apply_deadlines as apply

    return [list(pair) for pair in apply()]


@shared_task(name="contests.announce_transition", acks_late=True)
def announce_transition(contest_id: int, action: str) -> int:
    """Notify the workers concerned by a contest milestone (deduplicated: safe to repeat)."""
    from .notifying import announce_transition as announce

    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None:
        return 0
    return announce(contest, action)
