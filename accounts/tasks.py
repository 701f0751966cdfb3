from celery import shared_task

from . import services


@shared_task(name="accounts.run_import_job")
def run_import_job(job_id: int) -> None:
    """Thin wrapper: the service is idempotent and tolerates a vanished job."""
    services.run_import_job(job_id=job_id)
