"""Thin Celery tasks: ids in, one service call, idempotent (safe with `acks_late` and a
redelivery after a worker dies)."""

from celery import shared_task


@shared_task(name="publicity.finalize_due_notices", acks_late=True)
def finalize_due_notices() -> dict:
    """Beat: end every notice that is due, whatever its subject (contests: finalize them
    and re-queue certificate issuing left unfinished; nomination rounds: finalize them)."""
    from .services import finalize_due_notices as finalize_due

    return finalize_due()


@shared_task(name="publicity.issue_certificates", acks_late=True)
def issue_certificates(contest_id: int) -> dict:
    """Write the missing certificate PDFs of a final contest and notify their holders."""
    from .services import issue_certificates as issue

    return issue(contest_id)
