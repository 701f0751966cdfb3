"""Manual reassignment: an organizer moves one entry's assignment to another judge of the
stage's panel (e.g. a judge fell ill), with the same recusal rules as auto-assignment."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest
from core.errors import InvalidInput, NotAllowed, NotFound

from ..models import Assignment, Conflict, PanelMember, Scorecard


@transaction.atomic
def reassign(*, contest: Contest, assignment_id, judge_id, actor, reason: str = "") -> Assignment:
    """Give the assignment to `judge_id`. Refused when the contest is past judging, when
    the judge is not on the panel, already judges the entry, declared a conflict with it
    or works for the entrant's enterprise, and when a scorecard was started (a submitted
    one must be reopened and the judge asked; a draft belongs to its judge)."""
    if contest.state not in Contest.State.STAFFING:
        raise NotAllowed(_("Judges are assigned once registration has closed."),
                         state=contest.state)
    assignment = (Assignment.objects.select_for_update(of=("self",))
                  .select_related("entry__worker", "judge", "stage")
                  .filter(pk=assignment_id, stage__contest=contest).first())
    if assignment is None:
        raise NotFound()
    try:
        judge_id = int(judge_id)
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose a judge."), field="judge") from None
    if judge_id == assignment.judge_id:
        return assignment
    if Scorecard.objects.filter(assignment=assignment).exists():
        raise NotAllowed(_("This judge has started the scorecard; it cannot be moved."),
                         state=contest.state)
    member = (PanelMember.objects.select_related("judge")
              .filter(stage=assignment.stage, judge_id=judge_id, judge__is_active=True).first())
    if member is None:
        raise InvalidInput(_("This judge is not on the stage's panel."), field="judge")
    entry = assignment.entry
    if Assignment.objects.filter(stage=assignment.stage, entry=entry, judge_id=judge_id).exists():
        raise InvalidInput(_("This judge already judges the entry."), field="judge")
    if Conflict.objects.filter(entry=entry, judge_id=judge_id).exists():
        raise InvalidInput(_("This judge declared a conflict of interest with the entry."),
                           field="judge")
    enterprise = entry.worker.enterprise_id
    if enterprise is not None and member.judge.enterprise_id == enterprise:
        raise InvalidInput(_("This judge works for the entrant's enterprise."), field="judge")
    previous = assignment.judge_id
    assignment.judge_id = judge_id
    assignment.save(update_fields=["judge"])
    record(actor=actor, action="judging.reassigned", target=assignment.stage,
           data={"entry": entry.code, "from": previous, "to": judge_id}, reason=reason)
    return assignment
