"""A judging scenario: a contest with one track, a stage, its rubric, a panel and entries,
auto-assigned through the real service. `make_scenario(entries=5, judges=4, ...)`."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from contests.models import Contest, Criterion, Entry, Stage, Tier, Track
from judging.models import Assignment, Scorecard
from judging.services.panels import auto_assign, set_panel
from tests.factories.accounts import JudgeFactory, OrganizerFactory
from tests.factories.contests import (
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TierFactory,
    TrackFactory,
)
from tests.factories.judging import ScorecardFactory
from tests.integration.conftest import celery_worker_process  # noqa: F401 - shared fixture


@dataclass
class Scenario:
    contest: Contest
    stage: Stage
    track: Track
    criteria: list[Criterion]  # judged, in rubric order
    judges: list
    entries: list[Entry]
    organizer: object
    objective: Criterion | None = None
    tiers: list[Tier] = field(default_factory=list)

    def assignments(self, judge=None):
        queryset = Assignment.objects.filter(stage=self.stage).order_by("entry_id", "judge_id")
        return list(queryset.filter(judge=judge) if judge else queryset)

    def assignment(self, judge, entry=None) -> Assignment:
        queryset = Assignment.objects.filter(stage=self.stage, judge=judge)
        return (queryset.filter(entry=entry) if entry else queryset).order_by("id").first()

    def submit_all(self, value_of=lambda assignment, criterion: "5") -> list[Scorecard]:
        """A submitted card on every assignment; `value_of(assignment, criterion)`."""
        return [
            ScorecardFactory(
                assignment=a, submitted=True,
                scores={c: value_of(a, c) for c in self.criteria},
            )
            for a in self.assignments()
        ]

    def client(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client


def build_scenario(
    *, entries=4, judges=3, panel_size=3, blind=False, state=Contest.State.JUDGING,
    aggregation=Stage.Aggregation.MEAN, trim=1, normalize=Stage.Normalize.NONE,
    objective=False, tiers=(), advance_top=None, final=True, assign=True,
    max_scores=("10", "40"),
) -> Scenario:
    organizer = OrganizerFactory()
    contest = ContestFactory(blind=blind, state=Contest.State.JUDGING, created_by=organizer)
    track = TrackFactory(contest=contest, name="综合")
    stage = StageFactory(
        contest=contest, name="初评" if not final else "终评", position=0,
        aggregation=aggregation, trim=trim, normalize=normalize, panel_size=panel_size,
        advance_top=advance_top,
    )
    if not final:
        StageFactory(contest=contest, name="终评", position=1, panel_size=panel_size)
    criteria = [
        CriterionFactory(stage=stage, name=f"评分项{i}", max_score=Decimal(m), position=i)
        for i, m in enumerate(max_scores)
    ]
    objective_criterion = None
    if objective:
        objective_criterion = CriterionFactory(
            stage=stage, name="理论考试", max_score=Decimal("100"), weight=Decimal("0.5"),
            kind=Criterion.Kind.OBJECTIVE, position=len(criteria),
        )
    tier_rows = [
        TierFactory(contest=contest, name=f"奖项{i}", position=i, quota=q)
        for i, q in enumerate(tiers)
    ]
    panel = JudgeFactory.create_batch(judges)
    entry_rows = [EntryFactory(contest=contest, track=track) for _ in range(entries)]
    if panel:
        set_panel(contest=contest, stage_id=stage.pk, judge_ids=[j.pk for j in panel],
                  actor=organizer)
    if assign and panel and entry_rows:
        auto_assign(contest=contest, stage_id=stage.pk, actor=organizer)
    if state != contest.state:
        Contest.objects.filter(pk=contest.pk).update(state=state)
        contest.refresh_from_db()
    return Scenario(contest=contest, stage=stage, track=track, criteria=criteria,
                    judges=panel, entries=entry_rows, organizer=organizer,
                    objective=objective_criterion, tiers=tier_rows)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; PBKDF2 costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_scenario(db):
    return build_scenario


@pytest.fixture
def scenario(make_scenario) -> Scenario:
    return make_scenario()


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers itself")
