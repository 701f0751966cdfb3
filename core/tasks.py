from celery import shared_task
from django.utils import timezone


@shared_task(name="core.ping")
def ping(token: str) -> dict:
    """Health probe: proves a worker runs, reaches the database and returns results."""
    from django.contrib.auth import get_user_model

    return {"token": token, "users": get_user_model().objects.count(),
            "at": timezone.now().isoformat()}
