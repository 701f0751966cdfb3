"""Panels, auto-assignment with recusal, and declared conflicts of interest."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.services import record
from contests.models import Contest, Entry, Stage
from core.errors import InvalidInput, NotAllowed, NotFound

from ..errors import TooFewJudges
from ..judge_assignment import EntrySlot, Infeasible, plan_assignments, recused_judges
from ..models import Assignment, Conflict, PanelMember, Scorecard
from ..stages import judgeable_entries, stage_of_contest

User = get_user_model()


def _require_state(contest: Contest, states, message) -> None:
    if contest.state not in states:
        raise NotAllowed(message, state=contest.state)


def _locked_stage(contest: Contest, stage_id) -> Stage:
    stage = stage_of_contest(contest, stage_id)
    # Serialises panel changes and assignment runs of one stage across processes.
    return Stage.objects.select_for_update().get(pk=stage.pk)


@transaction.atomic
def set_panel(*, contest: Contest, stage_id, judge_ids, actor) -> list[int]:
    """Make `judge_ids` the stage's panel. Every id must be an active judge."""
    _require_state(contest, Contest.State.PANEL_EDITABLE, _("The panel cannot change any more."))
    stage = _locked_stage(contest, stage_id)
    try:
        wanted = sorted({int(i) for i in judge_ids})
    except (TypeError, ValueError):
        raise InvalidInput(_("A list of user ids is expected."), field="judges") from None
    found = set(
        User.objects.filter(pk__in=wanted, role=Role.JUDGE, is_active=True)
        .values_list("pk", flat=True)
    )
    wrong = [i for i in wanted if i not in found]
    if wrong:
        raise InvalidInput(
            _("Not judges: %(ids)s.") % {"ids": ", ".join(map(str, wrong))}, field="judges"
        )
    current = set(PanelMember.objects.filter(stage=stage).values_list("judge_id", flat=True))
    PanelMember.objects.filter(stage=stage).exclude(judge_id__in=wanted).delete()
    PanelMember.objects.bulk_create(
        [PanelMember(stage=stage, judge_id=i) for i in wanted if i not in current]
    )
    record(
        actor=actor, action="judging.panel_set", target=stage,
        data={"judges": wanted, "added": sorted(set(wanted) - current),
              "removed": sorted(current - set(wanted))},
    )
    return wanted


@dataclass(frozen=True)
class AssignmentRun:
    assignments: int
    created: int
    kept: int
    removed: int
    per_judge: dict[int, int]


@transaction.atomic
def auto_assign(*, contest: Contest, stage_id, actor, seed: int | None = None) -> AssignmentRun:
    """Give every judgeable entry of the stage `panel_size` judges from its panel, with
    recusal and balanced load (see `judging.judge_assignment`). Assignments that already have a
    scorecard are kept; the others are redone. Too few judges for some entry: nothing is
    written and the error names every such entry."""
    _require_state(contest, Contest.State.STAFFING,
                   _("Judges are assigned once registration has closed."))
    stage = _locked_stage(contest, stage_id)
    pool = dict(
        PanelMember.objects.filter(stage=stage, judge__is_active=True)
        .values_list("judge_id", "judge__enterprise_id")
    )
    if not pool:
        raise NotAllowed(_("The stage has no panel yet."), state=contest.state)
    entries = list(
        judgeable_entries(stage).order_by("id").values_list("id", "code", "worker__enterprise_id")
    )
    entry_ids = [e[0] for e in entries]
    conflicts: dict[int, set[int]] = {}
    for judge_id, entry_id in Conflict.objects.filter(entry_id__in=entry_ids).values_list(
        "judge_id", "entry_id"
    ):
        conflicts.setdefault(entry_id, set()).add(judge_id)
    existing = Assignment.objects.filter(stage=stage)
    kept_pairs = list(
        existing.filter(scorecard__isnull=False).values_list("entry_id", "judge_id")
    )
    kept: dict[int, set[int]] = {}
    kept_load = {judge: 0 for judge in pool}
    for entry_id, judge_id in kept_pairs:
        kept.setdefault(entry_id, set()).add(judge_id)
        if judge_id in kept_load:
            kept_load[judge_id] += 1

    slots = [
        EntrySlot(
            entry_id=entry_id,
            forbidden=recused_judges(pool, entry_enterprise=enterprise,
                                     conflicted=conflicts.get(entry_id, ())),
            kept=frozenset(kept.get(entry_id, set())),
        )
        for entry_id, _code, enterprise in entries
    ]
    try:
        plan = plan_assignments(
            slots, pool, stage.panel_size,
            seed=stage.pk if seed is None else seed, kept_load=kept_load,
        )
    except Infeasible as error:
        codes = {e[0]: e[1] for e in entries}
        raise TooFewJudges(
            _("Too few eligible judges after recusal for entries: %(codes)s.")
            % {"codes": ", ".join(codes[s.entry_id] for s in error.shortages)},
            entries=[
                {"id": s.entry_id, "code": codes[s.entry_id], "needed": s.needed,
                 "available": s.available}
                for s in error.shortages
            ],
            state=contest.state,
        ) from None

    removed, _detail = existing.filter(scorecard__isnull=True).delete()
    Assignment.objects.bulk_create(
        [Assignment(stage=stage, entry_id=e, judge_id=j) for e, j in plan.pairs]
    )
    run = AssignmentRun(
        assignments=len(kept_pairs) + len(plan.pairs),
        created=len(plan.pairs),
        kept=len(kept_pairs),
        removed=removed,
        per_judge=plan.loads,
    )
    record(
        actor=actor, action="judging.assigned", target=stage,
        data={"created": run.created, "kept": run.kept, "removed": run.removed,
              "per_judge": {str(k): v for k, v in run.per_judge.items()},
              "seed": stage.pk if seed is None else seed},
    )
    return run


@dataclass(frozen=True)
class ConflictOutcome:
    conflict: Conflict
    reassigned: bool


@transaction.atomic
def declare_conflict(*, judge, entry_id, reason: str) -> ConflictOutcome:
    """A judge recuses themself from an entry assigned to them (回避). Their unsubmitted
    scorecard is discarded (its figures go to the audit log) and the entry moves to the
    least-loaded other eligible judge of the panel. A submitted scorecard: 409, an
    organizer must reopen it first."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    assignments = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("stage__contest", "entry__worker")
        .filter(judge=judge, entry_id=entry_id)
        .order_by("stage__position", "stage_id")
    )
    if not assignments:
        raise NotFound()
    entry = assignments[0].entry
    contest = assignments[0].stage.contest
    _require_state(contest, Contest.State.STAFFING,
                   _("Conflicts are declared before judging closes."))
    cards = {
        c.assignment_id: c
        for c in Scorecard.objects.select_for_update().filter(assignment__in=assignments)
        .prefetch_related("scores")
    }
    if any(c.state == Scorecard.State.SUBMITTED for c in cards.values()):
        raise NotAllowed(
            _("You have submitted a scorecard for this entry; ask an organizer to reopen it."),
            state=Scorecard.State.SUBMITTED,
        )
    conflict, _created = Conflict.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason}
    )
    moves = []
    for assignment in assignments:
        card = cards.get(assignment.id)
        discarded = None
        if card is not None:
            discarded = {
                "version": card.version, "comment": card.comment,
                "scores": {str(s.criterion_id): s.value for s in card.scores.all()},
            }
            card.delete()
        stage = assignment.stage
        assignment.delete()
        replacement = _replacement_judge(stage, entry)
        if replacement is not None:
            Assignment.objects.create(stage=stage, entry=entry, judge_id=replacement)
        moves.append({"stage": stage.pk, "replacement": replacement, "discarded": discarded})
    record(
        actor=judge, action="judging.conflict_declared", target=entry,
        data={"conflict": conflict.pk, "moves": moves}, reason=reason,
    )
    return ConflictOutcome(conflict, all(m["replacement"] is not None for m in moves))


def _replacement_judge(stage: Stage, entry: Entry) -> int | None:
    """The panel's eligible judge with the lowest load in the stage (then the lowest id)."""
    busy = Assignment.objects.filter(stage=stage, entry=entry).values("judge_id")
    pool = dict(
        PanelMember.objects.filter(stage=stage, judge__is_active=True)
        .exclude(judge_id__in=busy).values_list("judge_id", "judge__enterprise_id")
    )
    recused = recused_judges(
        pool, entry_enterprise=entry.worker.enterprise_id,
        conflicted=Conflict.objects.filter(entry=entry).values_list("judge_id", flat=True),
    )
    load = dict(
        Assignment.objects.filter(stage=stage).values("judge_id")
        .annotate(n=Count("id")).values_list("judge_id", "n")
    )
    options = sorted(set(pool) - recused, key=lambda j: (load.get(j, 0), j))
    return options[0] if options else None
