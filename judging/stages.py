"""Which entries a stage judges, and which stage a contest is judging now."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from contests.models import Contest, Entry, Stage
from core.errors import InvalidInput


def ordered_stages(contest: Contest) -> QuerySet[Stage]:
    return Stage.objects.filter(contest=contest).order_by("position", "id")


def is_first_stage(stage: Stage) -> bool:
    return ordered_stages(stage.contest).values_list("id", flat=True).first() == stage.id


def next_stage(stage: Stage) -> Stage | None:
    stages = list(ordered_stages(stage.contest))
    index = [s.id for s in stages].index(stage.id)
    return stages[index + 1] if index + 1 < len(stages) else None


def final_stage(contest: Contest) -> Stage | None:
    return ordered_stages(contest).last()


def judgeable_entries(stage: Stage) -> QuerySet[Entry]:
    """Entries to be judged in `stage` now: qualified or advanced, and in this stage (an
    entry whose stage is not set yet belongs to the first stage)."""
    in_stage = Q(stage=stage)
    if is_first_stage(stage):
        in_stage |= Q(stage__isnull=True)
    return Entry.objects.filter(
        in_stage, contest_id=stage.contest_id, status__in=Entry.Status.JUDGEABLE
    )


def stage_population(stage: Stage) -> QuerySet[Entry]:
    """Entries ranked by `stage`'s results: those judged in it (assigned, even if they have
    advanced since) and those still waiting in it. Stable under recomputation."""
    from .models import Assignment

    # A semi-join on the stage's assignments, not a join + DISTINCT over all of them.
    in_stage = Q(stage=stage) | Q(
        pk__in=Assignment.objects.filter(stage=stage).order_by().values("entry_id"))
    if is_first_stage(stage):
        in_stage |= Q(stage__isnull=True)
    return Entry.objects.filter(
        in_stage,
        contest_id=stage.contest_id,
        status__in=Entry.Status.RANKED,
    )


def current_stage(contest: Contest) -> Stage | None:
    """The stage being judged: the last one with any assignment, else the first."""
    from .models import Assignment

    stage_id = (
        Assignment.objects.filter(stage__contest=contest)
        .order_by("-stage__position", "-stage_id")
        .values_list("stage_id", flat=True)
        .first()
    )
    if stage_id is not None:
        return Stage.objects.get(pk=stage_id)
    return ordered_stages(contest).first()


def stage_of_contest(contest: Contest, stage_id) -> Stage:
    """The contest's stage `stage_id`, or a 400 naming the field."""
    try:
        return Stage.objects.select_related("contest").get(pk=int(stage_id), contest=contest)
    except (TypeError, ValueError, Stage.DoesNotExist):
        raise InvalidInput(_("Not a stage of this contest."), field="stage") from None
