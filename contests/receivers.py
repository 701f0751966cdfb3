"""Contests' own reactions to its state machine."""

from functools import partial

from .notifying import MILESTONE_ACTIONS


def queue_milestone_announcement(contest, actor, *, action: str) -> None:
    """Effect of a milestone move: tell the workers concerned, in a Celery task queued
    through the outbox in the move's own transaction (so a broker outage delays the
    announcement, never loses it)."""
    from .tasks import announce_transition

    announce_transition.delay_on_commit(contest.pk, action)


# One effect object per action, so registering twice is a no-op.
_EFFECTS = {action: partial(queue_milestone_announcement, action=action)
            for action in MILESTONE_ACTIONS}


def register() -> None:
    from .transitions import register_effect

    for action, effect in _EFFECTS.items():
        register_effect(action, effect)
