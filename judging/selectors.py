"""Reads for the API and the pages, each in a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from contests.models import Contest, Criterion, Entry, Stage
from core.errors import NotAllowed, NotFound
from core.permissions import is_judge, is_organizer

from . import maths
from .models import Assignment, ResultRow, ResultSet, Scorecard
from .rubrics import rubric_of
from .stage_inputs import submitted_scorecards
from .stages import final_stage, stage_population

User = get_user_model()


def visible_assignments(user) -> QuerySet[Assignment]:
    """A judge's own assignments (not of withdrawn or rejected entries); every assignment
    for an organizer; nothing otherwise.
    Loaded with everything the assignment list shows: 5 queries per page."""
    if is_organizer(user):
        queryset = Assignment.objects.all()
    elif is_judge(user):
        # NOT IN the (few) entries out of the contest, a hashed subplan over the status
        # index: a join on the entry's status hashes every entry of five years instead
        # (a sequential scan of contests_entry for a judge's 15,600 assignments).
        queryset = Assignment.objects.filter(judge=user).exclude(
            entry__in=Entry.objects.filter(status__in=Entry.Status.OUT_OF_CONTEST).values("pk")
        )
    else:
        return Assignment.objects.none()
    return queryset.select_related(
        "stage__contest", "entry__track", "entry__worker", "scorecard",
        # What blind redaction needs (`contests.redaction`).
        "entry__worker__worker_profile", "entry__worker__enterprise",
    ).prefetch_related(
        Prefetch(
            "stage__criteria",
            queryset=Criterion.objects.filter(kind=Criterion.Kind.JUDGED)
            .order_by("position", "id"),
            to_attr="judged_criteria",
        ),
        "scorecard__scores",
        "entry__attachments",
    ).order_by("stage__contest_id", "stage__position", "entry__code", "id")


def visible_scorecards(user) -> QuerySet[Scorecard]:
    """A judge sees only their own scorecards; organizers see all."""
    queryset = Scorecard.objects.select_related(
        "assignment__entry", "assignment__stage"
    ).prefetch_related("scores").order_by("id")
    if is_organizer(user):
        return queryset
    if is_judge(user):
        return queryset.filter(assignment__judge=user)
    return queryset.none()


def reopen_reason(card: Scorecard) -> str:
    """Why an organizer reopened `card` (the latest reopening), from the audit log: what
    the judge's page shows as "reopened by the organizer: <reason>" (1 query)."""
    from audit.models import AuditEvent

    return AuditEvent.objects.filter(
        action="scorecard.reopened", object_type=card._meta.label_lower,
        object_id=str(card.pk),
    ).order_by("-id").values_list("reason", flat=True).first() or ""


def judge_progress(user) -> dict:
    """A judge's own assignments: how many, how many submitted (1 query)."""
    return visible_assignments(user).order_by().aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(scorecard__state=Scorecard.State.SUBMITTED)),
    )


# --- Progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    stage: Stage
    judges: list[dict]
    entries: list[dict]

    @property
    def expected(self) -> int:
        return sum(j["expected"] for j in self.judges)

    @property
    def submitted(self) -> int:
        return sum(j["submitted"] for j in self.judges)


def progress(stage: Stage) -> Progress:
    """Per judge and per entry of a stage: submitted / expected scorecards (4 queries)."""
    submitted = Q(scorecard__state=Scorecard.State.SUBMITTED)
    in_progress = Q(scorecard__state__in=Scorecard.State.EDITABLE)
    judges = [
        {"id": row["judge_id"], "name": row["judge__real_name"] or row["judge__username"],
         "expected": row["expected"], "submitted": row["submitted"], "drafts": row["drafts"]}
        for row in Assignment.objects.filter(stage=stage)
        .values("judge_id", "judge__real_name", "judge__username")
        .annotate(expected=Count("id"), submitted=Count("id", filter=submitted),
                  drafts=Count("id", filter=in_progress))
        .order_by("judge__real_name", "judge_id")
    ]
    counts = {
        row["entry_id"]: row
        for row in Assignment.objects.filter(stage=stage).values("entry_id")
        .annotate(expected=Count("id"), submitted=Count("id", filter=submitted))
        .order_by()
    }
    entries = [
        {"id": entry_id, "code": code, "required": stage.panel_size,
         "expected": counts.get(entry_id, {}).get("expected", 0),
         "submitted": counts.get(entry_id, {}).get("submitted", 0)}
        for entry_id, code in stage_population(stage).order_by("code").values_list("id", "code")
    ]
    return Progress(stage=stage, judges=judges, entries=entries)


def assignments_by_entry(stage: Stage) -> dict[int, list[dict]]:
    """The stage's judges of each entry with the state of their card (1 query), for the
    organizer's judging page. Plain values, not model instances: a province stage holds a
    thousand assignments, and building three objects for each (assignment, judge, card)
    made most of that page's time."""
    by_entry: dict[int, list[dict]] = {}
    card_states = dict(Scorecard.State.choices)  # translated once, not once a row
    for pk, entry_id, judge_id, real_name, username, state in Assignment.objects.filter(
            stage=stage).order_by("judge__username", "id").values_list(
            "pk", "entry_id", "judge_id", "judge__real_name", "judge__username",
            "scorecard__state"):
        by_entry.setdefault(entry_id, []).append({
            "pk": pk, "judge_id": judge_id, "judge_name": real_name or username,
            "card_state": str(card_states.get(state, state)) if state else ""})
    return by_entry


def submitted_cards(stage: Stage) -> QuerySet:
    """The stage's submitted cards by entry code and judge, with what the reopen list
    shows. The contest is implied by the stage; naming it lets PostgreSQL start from the
    contest's entries (without it, for a page of 50 it walked the index of all 206,560
    entry codes at province scale: 200 ms instead of 2 ms)."""
    return Scorecard.objects.filter(
        assignment__stage=stage, assignment__entry__contest=stage.contest_id,
        state=Scorecard.State.SUBMITTED).select_related(
        "assignment__judge", "assignment__entry").only(
        "submitted_at", "assignment__entry__code", "assignment__judge__username",
        "assignment__judge__real_name").order_by(
        "assignment__entry__code", "assignment__judge__username", "id")


# --- Results -------------------------------------------------------------------------------


def result_set_for(contest: Contest, stage_id=None) -> ResultSet:
    """The computed results of `stage_id` (default: the final stage's, else the latest
    computed stage's). 404 when none."""
    sets = ResultSet.objects.filter(stage__contest=contest).select_related("stage")
    if stage_id is not None:
        found = sets.filter(stage_id=stage_id).first()
    else:
        found = sets.filter(stage=final_stage(contest)).first() or sets.order_by(
            "-stage__position", "-stage_id").first()
    if found is None:
        raise NotFound()
    return found


def results_being_computed(contest: Contest) -> NotAllowed | NotFound:
    """What to answer instead of "no results" when judging has closed: the computation is
    queued or running (or its worker is catching up after a fault). Not "no such thing"
    but "not yet", which a client can act on: a 409 with the state; else a 404."""
    if contest.state == Contest.State.RESULTS_READY:
        return NotAllowed(_("The results are being computed; try again shortly."),
                          state=contest.state)
    return NotFound()


def result_rows(result_set: ResultSet) -> QuerySet[ResultRow]:
    # The worker's enterprise too: a public reader sees it (`public_identity`).
    return result_set.rows.select_related(
        "entry__track", "entry__worker__worker_profile", "entry__worker__enterprise", "tier"
    ).order_by("position")


# --- Judge consistency ---------------------------------------------------------------------


@dataclass(frozen=True)
class Consistency:
    stage: Stage
    report: maths.ConsistencyReport
    judge_names: dict[int, str]


def consistency(stage: Stage, totals: dict | None = None) -> Consistency:
    """Per-judge statistics and Kendall's W over the stage's submitted cards (4 queries;
    1 when the caller has the cards' `maths.scorecard_totals` already)."""
    if totals is None:
        rubric = rubric_of(Criterion.objects.filter(stage=stage))
        totals = maths.scorecard_totals(rubric, submitted_scorecards(stage))
    report = maths.judge_consistency(totals)
    names = {
        pk: real_name or username
        for pk, real_name, username in User.objects.filter(
            pk__in=[j.judge_id for j in report.judges]
        ).values_list("pk", "real_name", "username")
    }
    return Consistency(stage=stage, report=report, judge_names=names)
