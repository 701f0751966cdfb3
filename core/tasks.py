from celery import shared_task
from django.utils import timezone


@shared_task(name="core.ping")
def ping(token: str) -> dict:
    """Health probe: proves a worker runs, reaches the database and returns results."""
    from django.contrib.auth import get_user_model

    return {"token": token, "users": get_user_model().objects.count(),
            "at": timezone.now().isoformat()}


@shared_task(name="core.relay_outbox", acks_late=True)
def relay_outbox() -> dict:
    """Beat, every minute: send the queued jobs the broker has not taken or finished."""
    from .outbox import relay

    return relay()
