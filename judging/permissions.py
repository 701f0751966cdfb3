"""Who may do what in judging: named predicates shared by the API, the pages and the admin.
A caller who may not see an object gets 404, never 403 (no leak)."""

from contests.models import Contest
from core.permissions import is_judge, is_organizer

from .models import Assignment


def is_assigned_judge(user, entry) -> bool:
    """`user` is a judge assigned to `entry` (in any stage). Contests ask it to decide
    whether a judge may see an entry's evidence."""
    return bool(
        is_judge(user) and Assignment.objects.filter(judge=user, entry=entry).exists()
    )


def can_see_results(user, contest: Contest) -> bool:
    """Organizers once computed; everyone once published (notice or final)."""
    return is_organizer(user) or contest.state in Contest.State.PUBLISHED
