"""Contests' own reactions to its signals."""

from .notifying import MILESTONE_ACTIONS


def queue_milestone_announcement(sender, *, contest_id, action, **kwargs):
    """After a move commits, tell workers about milestones (in a Celery task)."""
    if action in MILESTONE_ACTIONS:
        from .tasks import announce_transition

        announce_transition.delay(contest_id, action)
