"""Who may see whose account data. Named predicates, shared by the API and the pages."""

from core.permissions import is_organizer


def can_view_user(viewer, subject) -> bool:
    """Organizers see everyone; anyone else only themselves (others get a 404)."""
    return is_organizer(viewer) or (viewer.is_authenticated and viewer.pk == subject.pk)


def sees_full_phone(viewer, subject) -> bool:
    """A phone is shown whole to organizers and to its owner, masked to everyone else.
    ID numbers are masked for everyone; organizers reveal them one at a time (audited)."""
    return can_view_user(viewer, subject)
