"""Contests in the states the console pages act on, built through the real services."""

from decimal import Decimal

from django.utils import timezone

from contests.models import Contest, Entry
from judging.services.panels import auto_assign, set_panel
from judging.services.results import compute_stage_results
from tests.factories.accounts import JudgeFactory, OrganizerFactory, WorkerFactory
from tests.factories.contests import (
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TierFactory,
    TrackFactory,
)
from tests.factories.judging import ScorecardFactory


def judged_contest(*, entries=4, judges=3, panel_size=3, scores=None, submit=True,
                   state=Contest.State.JUDGING, quota=1, objective=False):
    """A contest judged by `judges` judges (auto-assigned); each entry's cards carry
    `scores[i]` (default: distinct) and are submitted when `submit`."""
    organizer = OrganizerFactory()
    contest = ContestFactory(state=Contest.State.REGISTRATION_CLOSED, created_by=organizer)
    track = TrackFactory(contest=contest, name="综合", position=0)
    stage = StageFactory(contest=contest, name="终评", position=0, panel_size=panel_size,
                         aggregation="mean")
    criterion = CriterionFactory(stage=stage, name="事迹", max_score=Decimal(100), position=0)
    if objective:
        CriterionFactory(stage=stage, name="理论", max_score=Decimal(50), position=1,
                         kind="objective")
    TierFactory(contest=contest, name="一等奖", position=0, quota=quota)
    rows = [EntryFactory(contest=contest, track=track, status=Entry.Status.QUALIFIED,
                         worker=WorkerFactory(real_name=f"选手{i}"))
            for i in range(entries)]
    panel = [JudgeFactory(real_name=f"评委{i}") for i in range(judges)]
    set_panel(contest=contest, stage_id=stage.pk, judge_ids=[j.pk for j in panel],
              actor=organizer)
    auto_assign(contest=contest, stage_id=stage.pk, actor=organizer)
    scores = scores or [90 - i for i in range(entries)]
    by_entry = {entry.pk: scores[i] for i, entry in enumerate(rows)}
    if submit:
        for assignment in stage.assignments.all():
            ScorecardFactory(assignment=assignment, submitted=True,
                             submitted_at=timezone.now(),
                             scores={criterion: by_entry[assignment.entry_id]})
    Contest.objects.filter(pk=contest.pk).update(state=state)
    if state == Contest.State.RESULTS_READY:
        compute_stage_results(stage_id=stage.pk)
    contest.refresh_from_db()
    return contest, stage, rows, panel
