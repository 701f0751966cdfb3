"""Computing, storing and deciding a stage's results.

`compute_stage_results` is idempotent: it recomputes from the submitted scorecards and
replaces the stage's rows in one transaction, so computing twice gives the same rows and
the same checksum. It also moves the entries: a non-final stage marks each ranked entry
advanced (into the next stage) or eliminated, through the entry state machine
(`contests.entry_transitions`); the final stage sets each entry's tier.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import contest_stream, record
from contests.entry_transitions import transition_entries
from contests.models import Contest, Entry, Stage, Tier
from core.errors import InvalidInput, NotAllowed
from core.garbage import cyclic_gc_paused

from .. import fast_results
from ..models import ResultSet, TierDecision
from ..stage_inputs import StageSetting, load_stage_inputs, load_stage_setting
from ..stages import current_stage, final_stage, stage_of_contest
from . import result_rows

logger = logging.getLogger(__name__)


@cyclic_gc_paused()
@transaction.atomic
def compute_stage_results(*, stage_id, actor=None) -> ResultSet | None:
    """Compute and store the results of a stage; None when the stage no longer exists or
    its results can no longer change (published: in notice, final). The latter is a stale
    delivery, e.g. a computation queued before publication and run after it: a no-op,
    logged, that leaves the published rows and the audit log untouched."""
    # The contest row is locked too, so no transition (publish) changes its state meanwhile.
    stage = (
        Stage.objects.select_for_update(of=("self", "contest")).select_related("contest")
        .filter(pk=stage_id).first()
    )
    if stage is None:
        return None
    if stage.contest.state not in Contest.State.RESULTS_COMPUTABLE:
        logger.warning("results of stage %s not recomputed: contest %s is %s",
                       stage_id, stage.contest_id, stage.contest.state)
        return None
    setting = load_stage_setting(stage)
    outcome = fast_results.rank(stage, setting)
    if outcome is None:  # the reference, when the fast path cannot vouch for its answer
        outcome = load_stage_inputs(stage, setting).rank()
    codes = dict(Entry.objects.filter(pk__in=[i.entry_id for i in outcome.incomplete])
                 .order_by().values_list("id", "code"))

    result_set, _created = ResultSet.objects.get_or_create(
        stage=stage, defaults={"computed_at": timezone.now(), "checksum": outcome.checksum}
    )
    result_set.rows.all().delete()
    result_rows.insert(result_set, outcome)

    result_set.computed_at = timezone.now()
    result_set.checksum = outcome.checksum
    result_set.publishable = outcome.publishable
    result_set.needs_decision = outcome.needs_decision
    result_set.incomplete_entries = [
        {"id": item.entry_id, "code": codes[item.entry_id], "scorecards": item.scorecards,
         "required": item.required, "missing_objective": list(item.missing_objective)}
        for item in outcome.incomplete
    ]
    result_set.ignored_decisions = [
        *({"entry": e} for e in outcome.ignored_assignments),
        *({"track": t, "tier": tier} for t, tier in outcome.ignored_widenings),
    ]
    result_set.computations += 1
    result_set.stale = False
    result_set.save()
    _move_entries(setting, result_set, outcome, actor)
    record(
        actor=actor, action="results.computed", target=stage,
        data={"checksum": outcome.checksum, "rows": len(outcome.rows),
              "incomplete": [codes[i.entry_id] for i in outcome.incomplete],
              "needs_decision": outcome.needs_decision,
              "computations": result_set.computations},
        stream=contest_stream(stage.contest_id),
    )
    return result_set


def _move_entries(inputs: StageSetting, result_set: ResultSet, outcome, actor) -> None:
    """Move the stage's entries as the rows just saved say. The final stage gives each
    entry its row's tier (none for an incomplete entry, which holds no tier meanwhile) in
    one UPDATE; a non-final stage advances each ranked entry into the next stage or
    eliminates it (staying in this one) through the entry state machine, which writes their
    history rows and audit events in bulk and leaves entries already there alone."""
    if inputs.is_final:
        result_rows.move_entries(result_set, is_final=True, next_stage_id=None)
        return
    advanced = {row.entry_id for row in outcome.rows if row.advanced}
    ranked = Entry.objects.filter(pk__in=[row.entry_id for row in outcome.rows]).only(
        "id", "status", "stage_id", "contest_id", "worker_id").order_by("id")
    ranked = list(ranked)
    transition_entries(entries=[e for e in ranked if e.pk in advanced], action="advance",
                       actor=actor, stage_id=inputs.next_stage_id)
    transition_entries(entries=[e for e in ranked if e.pk not in advanced],
                       action="eliminate", actor=actor, stage_id=inputs.stage.pk)


def publication_problem(contest: Contest) -> str | None:
    """Why the contest's results cannot be published yet, or None."""
    stage = final_stage(contest)
    result_set = ResultSet.objects.filter(stage=stage).first() if stage else None
    if result_set is None:
        return _("The results of the final stage have not been computed yet.")
    if result_set.stale:
        return _("The results are being recomputed; try again in a moment.")
    if result_set.incomplete_entries:
        codes = ", ".join(item["code"] for item in result_set.incomplete_entries)
        return ngettext(
            "Entry %(codes)s has too few submitted scorecards or objective scores.",
            "Entries %(codes)s have too few submitted scorecards or objective scores.",
            len(result_set.incomplete_entries),
        ) % {"codes": codes}
    if result_set.needs_decision:
        codes = ", ".join(
            result_set.rows.filter(needs_decision=True).order_by("position")
            .values_list("entry__code", flat=True)
        )
        return _("A tie at a quota boundary needs a decision: %(codes)s.") % {"codes": codes}
    return None


def request_computation(*, contest: Contest, stage_id=None) -> Stage | None:
    """Queue (on commit) a recomputation of a stage's results: the named stage, else the
    one being judged. None when there is no such stage; 409 once results cannot change."""
    from ..tasks import compute_results

    if contest.state not in Contest.State.RESULTS_COMPUTABLE:
        raise NotAllowed(state=contest.state)
    stage = (stage_of_contest(contest, stage_id) if stage_id is not None
             else current_stage(contest))
    if stage is not None:
        compute_results.delay_on_commit(stage.pk)
    return stage


@transaction.atomic
def decide_tie(*, contest: Contest, entry_ids, tier_id, reason: str, actor,
               widen: bool = False) -> ResultSet:
    """Record an organizer's decision for a tie at a quota boundary of the final stage,
    then recompute. Each listed entry must be in an open (or already decided) tie whose
    span includes `tier_id` (None: no tier)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    if contest.state not in Contest.State.RESULTS_COMPUTABLE:
        raise NotAllowed(_("Results can no longer change."), state=contest.state)
    stage = final_stage(contest)
    result_set = ResultSet.objects.filter(stage=stage).first() if stage else None
    if result_set is None:
        raise NotAllowed(_("The results have not been computed yet."), state=contest.state)
    try:
        wanted = sorted({int(i) for i in entry_ids})
    except (TypeError, ValueError):
        raise InvalidInput(_("A list of entry ids is expected."), field="entries") from None
    if not wanted:
        raise InvalidInput(_("Name at least one entry."), field="entries")
    if tier_id is not None and not Tier.objects.filter(pk=tier_id, contest=contest).exists():
        raise InvalidInput(_("Not an award of this contest."), field="tier")
    if widen and tier_id is None:
        raise InvalidInput(_("Name the award to widen."), field="tier")
    rows = {r.entry_id: r for r in result_set.rows.filter(entry_id__in=wanted)
            .select_related("entry")}
    problems = [
        str(i) if i not in rows else rows[i].entry.code
        for i in wanted
        if i not in rows or not (rows[i].needs_decision or rows[i].decided)
        or (not widen and rows[i].needs_decision and tier_id not in rows[i].tier_choices)
    ]
    if problems:
        raise InvalidInput(
            _("Not in a tie at this award's boundary: %(entries)s.")
            % {"entries": ", ".join(problems)},
            field="entries",
        )
    decision = TierDecision.objects.create(
        stage=stage, tier_id=tier_id, widen=widen, reason=reason, decided_by=actor
    )
    decision.entries.set(wanted)
    record(
        actor=actor, action="results.tie_decided", target=stage,
        data={"decision": decision.pk, "entries": [rows[i].entry.code for i in wanted],
              "tier": tier_id, "widen": widen},
        reason=reason,
    )
    return compute_stage_results(stage_id=stage.pk, actor=actor)

