"""A contest being judged: one stage with two judged criteria (max 10 weight 0.6, max 20
weight 0.2) and one objective criterion, and `judging_setup(n)` assignments for one judge."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from contests.models import Contest, Criterion
from tests.factories.accounts import EnterpriseFactory, JudgeFactory, WorkerFactory
from tests.factories.contests import (
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TrackFactory,
)
from tests.factories.judging import AssignmentFactory, PanelMemberFactory


@dataclass
class Judging:
    contest: Contest
    stage: object
    criteria: list
    judge: object
    assignments: list


def _kwargs(worker_kwargs, index: int) -> dict:
    """The given worker fields; a phone for the first worker only (one phone, one worker)."""
    kwargs = dict(worker_kwargs or {})
    if index:
        kwargs.pop("phone", None)
    return kwargs


def make_judging(n=1, *, blind=False, judge=None, worker_kwargs=None):
    contest = ContestFactory(state=Contest.State.JUDGING, blind=blind,
                             title="2026年外卖骑手安全骑行技能大赛")
    track = TrackFactory(contest=contest, name="安全骑行", position=0)
    stage = StageFactory(contest=contest, position=0, name="决赛")
    criteria = [
        CriterionFactory(stage=stage, name="安全意识", max_score=Decimal("10"),
                         weight=Decimal("0.6"), position=0),
        CriterionFactory(stage=stage, name="服务事迹", max_score=Decimal("20"),
                         weight=Decimal("0.2"), position=1),
    ]
    CriterionFactory(stage=stage, name="理论考试", kind=Criterion.Kind.OBJECTIVE, position=2)
    judge = judge or JudgeFactory(real_name="评委王")
    PanelMemberFactory(stage=stage, judge=judge)
    assignments = [
        AssignmentFactory(stage=stage, judge=judge,
                          entry=EntryFactory(contest=contest, track=track,
                                             worker=WorkerFactory(**_kwargs(worker_kwargs, i))))
        for i in range(n)
    ]
    return Judging(contest, stage, criteria, judge, assignments)


@pytest.fixture
def judging(db):
    return make_judging(3)


@pytest.fixture
def judge_page(client, judging):
    client.force_login(judging.judge)
    return client


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory(name="顺达即时配送有限公司")
