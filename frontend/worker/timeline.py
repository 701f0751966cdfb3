"""The status timeline of a worker's entry, built only from what the worker may know:
`visible_status` and `visible_tier_id` from `contests.selectors.with_visible_outcome`
(no stage, score, rank or award before publication) and the visible decisions."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from contests.models import Contest, Entry

St = Entry.Status
CS = Contest.State
AFTER_JUDGING = (CS.RESULTS_READY, CS.IN_NOTICE, CS.FINAL)


@dataclass(frozen=True)
class Step:
    title: str
    state: str  # done | current | failed | pending
    detail: str = ""
    when: object = None


def _decided_at(entry: Entry, status: str):
    times = [d.created_at for d in entry.decisions.all() if d.status == status]
    return times[-1] if times else None


def timeline(entry: Entry) -> list[Step]:
    status = entry.visible_status
    contest = entry.contest
    if status == St.WITHDRAWN:
        return [
            Step(_("Submitted"), "done" if entry.submitted_at else "pending",
                 when=entry.submitted_at),
            Step(_("Withdrawn"), "failed", entry.decision_reason or "",
                 _decided_at(entry, St.WITHDRAWN)),
        ]
    steps = []
    if status == St.DRAFT:
        steps.append(Step(_("Not submitted yet"), "current",
                          _("Add your evidence and submit before entries close.")))
    else:
        steps.append(Step(_("Submitted"), "done", when=entry.submitted_at))

    if status == St.REJECTED:
        steps.append(Step(_("Eligibility review: not passed"), "failed",
                          entry.decision_reason, entry.reviewed_at))
        return steps
    if status in (St.QUALIFIED, St.ADVANCED, St.ELIMINATED):
        steps.append(Step(_("Eligibility review passed"), "done", when=entry.reviewed_at))
    else:
        steps.append(Step(_("Eligibility review"), "current" if status == St.SUBMITTED
                          else "pending", _("The union checks your entry against the rules.")
                          if status == St.SUBMITTED else ""))

    judged = status != St.DRAFT and status != St.SUBMITTED
    if contest.state == CS.JUDGING and judged:
        steps.append(Step(_("Judging"), "current",
                          _("Judges are scoring the entries. Scores stay private until the "
                            "results are published.")))
    elif contest.state in AFTER_JUDGING and judged:
        steps.append(Step(_("Judging"), "done"))
    else:
        steps.append(Step(_("Judging"), "pending"))

    if contest.state in Contest.State.PUBLISHED and judged:
        if entry.visible_tier_id:
            steps.append(Step(_("Result published"), "done",
                              _("Award: %(award)s") % {"award": entry.tier.name}))
        else:
            steps.append(Step(_("Result published"), "done",
                              _("No award this time. Thank you for taking part.")))
    else:
        steps.append(Step(_("Result published"), "pending"))
    return steps
