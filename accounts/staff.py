"""Organizers use the Django admin as their fallback UI, so they are staff with the model
permissions of the apps they run, granted through one group.

The group is made and refreshed on demand rather than in a data migration: permissions only
exist after `post_migrate`, and apps added later should reach organizers without a new
migration.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ORGANIZERS_GROUP = "organizers"
# Organizers manage everything in these apps...
MANAGED_APPS = ("accounts", "contests", "judging", "publicity", "nominations", "notifications")
# ...and may only look at these (the audit log is append-only for everyone).
VIEW_ONLY_APPS = ("audit",)


def organizers_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=MANAGED_APPS)
        | Q(content_type__app_label__in=VIEW_ONLY_APPS, codename__startswith="view_")
    )
    group.permissions.set(permissions)
    return group


def make_organizer_staff(user) -> None:
    """Let an organizer into the admin with the organizers' permissions."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(organizers_group())
