"""Who may see and do what in the pipeline: organizers everything; a nominee their own
nominations (to read and answer); anyone else is told nothing exists (404)."""

from rest_framework.permissions import BasePermission

from core.errors import NotFound
from core.permissions import is_organizer


def can_view_nomination(user, nomination) -> bool:
    return is_organizer(user) or bool(
        user and user.is_authenticated and nomination.worker_id == user.pk)


class OrganizerElseNotFound(BasePermission):
    """401 when not logged in; 404 for a logged-in user who is not an organizer (the
    pipeline's existence is not disclosed to them)."""

    def has_permission(self, request, view):
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 for a method it does not have
        if not request.user or not request.user.is_authenticated:
            return False
        if not is_organizer(request.user):
            raise NotFound()
        return True
