"""Who may do what with contests, entries and evidence: named predicates shared by the API
and the pages. A caller who may not see an object gets 404, never 403 (no leak)."""


from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.permissions import is_judge, is_organizer, is_worker


def can_view_contest(user, contest) -> bool:
    return contest.state in contest.PUBLIC_STATES or is_organizer(user)


def can_manage_contests(user) -> bool:
    """Create, edit and move contests; review entries."""
    return is_organizer(user)


def can_list_entries(user) -> bool:
    """Workers list their own entries, organizers all; judges see entries only through
    their assignments."""
    return is_organizer(user) or is_worker(user)


def can_enter(user) -> bool:
    """A worker enters for themselves; an organizer enters (nominates) a worker."""
    return is_worker(user) or is_organizer(user)


def is_entry_owner(user, entry) -> bool:
    return bool(user and user.is_authenticated and entry.worker_id == user.pk)


def can_view_entry(user, entry) -> bool:
    return is_entry_owner(user, entry) or is_organizer(user)


def can_edit_entry(user, entry) -> bool:
    """Statement, track and evidence are the worker's own words and files."""
    return is_entry_owner(user, entry)


def can_submit_entry(user, entry) -> bool:
    """The worker; for a union or enterprise nomination, an organizer too."""
    nominated = entry.source != entry.Source.SELF
    return is_entry_owner(user, entry) or (nominated and is_organizer(user))


def can_review_entry(user, entry) -> bool:
    return is_organizer(user)


def can_withdraw_entry(user, entry) -> bool:
    return is_entry_owner(user, entry)


def can_judge_see_entry(user, entry) -> bool:
    """True when `user` is a judge assigned to the entry. The judging app answers through
    `judging.selectors.is_assigned_judge(user, entry)`; until it exists, no judge sees any."""
    if not is_judge(user):
        return False
    try:
        from judging.selectors import is_assigned_judge
    except ImportError:
        return False
    return bool(is_assigned_judge(user, entry))


def can_view_attachment(user, attachment) -> bool:
    entry = attachment.entry
    if can_view_entry(user, entry):
        return True
    return not entry.contest.blind and can_judge_see_entry(user, entry)


class ReadOnlyOrContestManager(BasePermission):
    """Anyone may read (visibility is filtered by the selectors); organizers write."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_manage_contests(request.user)
