"""Who may do what with contests, entries and evidence: named predicates shared by the API
and the pages. A caller who may not see an object gets 404, never 403 (no leak)."""


from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.permissions import is_judge, is_organizer, is_worker
from judging.permissions import is_assigned_judge

from .models import Entry


def can_view_contest(user, contest) -> bool:
    return contest.state in contest.State.PUBLIC or is_organizer(user)


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
    """True when `user` is a judge assigned to the entry, and the entry is still in the
    contest (a withdrawn or rejected entry leaves the judges' lists)."""
    if not is_judge(user) or entry.status in Entry.Status.OUT_OF_CONTEST:
        return False
    return is_assigned_judge(user, entry)


def can_view_attachment(user, attachment) -> bool:
    """The entry's worker, organizers, and the judges assigned to the entry (blind or not:
    they score from it; see `gets_anonymised_evidence`)."""
    entry = attachment.entry
    return can_view_entry(user, entry) or can_judge_see_entry(user, entry)


def gets_anonymised_evidence(user, attachment) -> bool:
    """Everyone but the entry's worker and organizers (that is, a judge) receives a copy
    without file metadata: a judge needs the pixels and pages, not the camera's GPS or
    the document's author."""
    return not can_view_entry(user, attachment.entry)


def sees_entry_blind(user, entry, contest) -> bool:
    """Blind judging: in a blind contest whoever is neither the entry's worker nor an
    organizer (that is, a judge) knows the entry by its code only: no name, phone,
    enterprise or photo; the statement and file names redacted (`contests.redaction`).
    `contest` is the entry's, passed in already loaded."""
    return contest.blind and not can_view_entry(user, entry)


def gets_neutral_file_name(user, attachment) -> bool:
    """A blind judge's copy is named by the entry code, never by the name the worker gave
    the file."""
    return sees_entry_blind(user, attachment.entry, attachment.entry.contest)


def can_see_unpublished_outcomes(user) -> bool:
    """How entries fared (advanced, eliminated, the award) is known to organizers as soon
    as results are computed; to everyone else, the entry's worker included, only once the
    results are published (`contests.selectors.with_visible_outcome`)."""
    return is_organizer(user)


class ReadOnlyOrContestManager(BasePermission):
    """Anyone may read (visibility is filtered by the selectors); organizers write."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_manage_contests(request.user)
