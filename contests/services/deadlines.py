"""Moving contests on their deadlines (run by Celery beat, safe to run at any time)."""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import Contest
from ..transitions import transition_contest

logger = logging.getLogger(__name__)

# deadline field, state it ends, action that ends it
DEADLINES = (
    ("registration_closes", Contest.State.REGISTRATION_OPEN, "close_registration"),
    ("judging_closes", Contest.State.JUDGING, "close_judging"),
)


def apply_deadlines(*, now=None) -> list[tuple[int, str]]:
    """Apply every deadline that has passed; return the (contest id, action) pairs that
    changed a contest. A second run finds nothing to do. A guard's veto is logged and the
    move retried on the next run."""
    now = now or timezone.now()
    moved = []
    for field, state, action in DEADLINES:
        due = Contest.objects.filter(state=state, **{f"{field}__lte": now}).order_by("pk")
        for contest in due:
            try:
                after = transition_contest(contest=contest, action=action, actor=None,
                                           reason=_("Deadline passed"))
            except DomainError as exc:
                logger.warning("Contest %s: %s on deadline refused: %s", contest.pk, action, exc)
                continue
            if after.state != state:
                moved.append((contest.pk, action))
    return moved
