"""Reads for lists and details, each with a fixed number of queries."""

from .models import Enterprise, ImportJob, User


def users_with_details():
    """Users with their enterprise, union and worker profile, in one query."""
    return User.objects.select_related("enterprise", "union", "worker_profile").order_by("id")


def user_detail(user_id: int) -> User | None:
    return users_with_details().filter(pk=user_id).first()


def enterprises_with_union():
    return Enterprise.objects.select_related("union").order_by("name", "id")


def import_job(job_id: int) -> ImportJob | None:
    return ImportJob.objects.filter(pk=job_id).first()
