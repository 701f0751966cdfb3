"""Thin Celery tasks: ids in, one service call, idempotent (safe with `acks_late`)."""

from celery import shared_task


@shared_task(name="judging.compute_results", acks_late=True)
def compute_results(stage_id: int) -> dict | None:
    """Compute and store a stage's results. Recomputing gives the same rows and checksum;
    a stage deleted meanwhile is skipped."""
    from .services.results import compute_stage_results

    result_set = compute_stage_results(stage_id=stage_id)
    if result_set is None:
        return None
    return {"stage": stage_id, "checksum": result_set.checksum,
            "publishable": result_set.publishable}
