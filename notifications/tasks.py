from celery import shared_task

from . import services


@shared_task(name="notifications.deliver", acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send e-mail/SMS for these notifications; safe to run again."""
    for notification_id in notification_ids:
        services.deliver(notification_id)
    return len(notification_ids)
