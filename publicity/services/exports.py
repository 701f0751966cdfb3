"""The results of a contest as an .xlsx workbook (`publicity.exports.results_workbook`).

Organizers: once results are computed, full names and enterprises, and each judge's
scorecard total per entry; the export is an audit event (it carries personal data).
Everyone else: once the results are published, the public version — masked names, and
only for workers who consented to publication; no per-judge figures.
"""

from accounts.publication import public_identity
from audit.services import record
from contests.models import Contest
from core.errors import NotFound
from core.permissions import is_organizer
from judging.permissions import can_see_results

from .. import selectors
from ..exports import ResultRow, results_workbook


def _public_identity(worker) -> tuple[str, str]:
    identity = public_identity(worker)
    return identity.name, identity.enterprise


def _full_identity(worker) -> tuple[str, str]:
    enterprise = worker.enterprise.name if worker.enterprise else ""
    return worker.real_name or worker.username, enterprise


def export_results(*, contest: Contest, user) -> bytes:
    """The workbook, or NotFound when the caller may not see the results (yet)."""
    if not can_see_results(user, contest):
        raise NotFound()
    result_set = selectors.final_result_set(contest)
    if result_set is None:
        raise NotFound()
    organizer = is_organizer(user)
    totals = selectors.judge_totals(result_set) if organizer else {}
    identity = _full_identity if organizer else _public_identity
    rows = []
    for row in selectors.export_rows(result_set):
        name, enterprise = identity(row.entry.worker)
        rows.append(ResultRow(
            rank=row.rank, entry_code=row.entry.code, worker_name=name,
            enterprise=enterprise, track=row.entry.track.name,
            stage_score=row.stage_score, judged_score=row.judged_score,
            objective_score=row.objective_score,
            tier=row.tier.name if row.tier else "", needs_decision=row.needs_decision,
            judge_totals=totals.get(row.entry_id, {}),
        ))
    if organizer:
        record(actor=user, action="results.exported", target=contest,
               data={"stage": result_set.stage_id, "rows": len(rows),
                     "checksum": result_set.checksum})
    return results_workbook(contest.title, rows, include_judges=organizer)
