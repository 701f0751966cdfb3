"""Named permission predicates, shared by the API and the pages.

Each takes the user (and an object where it matters) and answers True or False; DRF
permission classes below wrap the role predicates.
"""

from rest_framework.permissions import BasePermission


def is_organizer(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.role == "organizer")
    )


def is_judge(user) -> bool:
    return bool(user and user.is_authenticated and user.role == "judge")


def is_worker(user) -> bool:
    return bool(user and user.is_authenticated and user.role == "worker")


class IsOrganizer(BasePermission):
    def has_permission(self, request, view):
        return is_organizer(request.user)


class IsJudge(BasePermission):
    def has_permission(self, request, view):
        return is_judge(request.user)


class IsWorker(BasePermission):
    def has_permission(self, request, view):
        return is_worker(request.user)
