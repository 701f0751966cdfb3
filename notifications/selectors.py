from .models import Notification


def notifications_for(user, *, unread: bool | None = None):
    queryset = Notification.objects.filter(user=user)
    if unread is True:
        queryset = queryset.filter(read_at=None)
    elif unread is False:
        queryset = queryset.exclude(read_at=None)
    return queryset


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
