"""The fast results path (judging/fast_results.py, SQL over exact numeric) gives exactly the
reference's results (the pure maths fed by judging/stage_inputs.py) on random contests stored in
PostgreSQL: aggregations and trims, ties, normalisation, objective criteria (some not
recorded), tie-breaks, tiers and advancement quotas, drafts and incomplete entries."""

from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role, User
from contests.models import Contest, Criterion, Entry, Stage, TieBreak, Tier, Track
from judging import fast_results
from judging import stage_inputs as adapter
from judging.maths import Normalization, ScoreError, StageRules
from judging.models import Assignment, ObjectiveScore, ResultRow, Score, Scorecard
from judging.services.results import compute_stage_results
from tests.factories.contests import ContestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

JUDGES, WORKERS = 5, 10
MAX_SCORES = ["1", "10", "25", "40"]
WEIGHTS = ["0", "0.3", "0.5", "0.7", "1", "1.25", "3"]


def cents(max_score: str):
    """Few distinct values (ties are common), now and then any cent up to the maximum."""
    top = int(D(max_score) * 100)
    return st.one_of(
        st.sampled_from([0, top // 2, top, top // 3]),
        st.integers(0, top),
    ).map(lambda c: D(c) / 100)


@st.composite
def contests(draw):
    judged = [(draw(st.sampled_from(MAX_SCORES)), draw(st.sampled_from(WEIGHTS)))
              for _ in range(draw(st.integers(0, 3)))]
    objective = [(draw(st.sampled_from(MAX_SCORES)), draw(st.sampled_from(WEIGHTS)))
                 for _ in range(draw(st.integers(0, 2)))]
    criteria = len(judged) + len(objective)
    return {
        "aggregation": draw(st.sampled_from(list(Stage.Aggregation))),
        "trim": draw(st.integers(0, 2)),
        "normalize": draw(st.sampled_from([Stage.Normalize.NONE] * 3 + [Stage.Normalize.ZSCORE])),
        "panel_size": draw(st.integers(1, 3)),
        "final": draw(st.booleans()),
        "advance_top": draw(st.integers(1, 6)),
        "tiers": draw(st.lists(st.one_of(
            st.integers(0, 3).map(lambda n: {"quota": n}),
            st.integers(0, 100).map(lambda p: {"quota_percent": p})), max_size=3)),
        "judged": judged,
        "objective": objective,
        "tie_breaks": draw(st.lists(
            st.tuples(st.integers(0, criteria - 1), st.sampled_from(list(TieBreak.Order))),
            max_size=2, unique_by=lambda t: t[0])) if criteria else [],
        "entries": draw(st.lists(st.fixed_dictionaries({
            "track": st.integers(0, 1),
            # per judge: no card, a draft, or (mostly) a submitted card
            "cards": st.lists(st.sampled_from(["none", "draft"] + ["submitted"] * 6),
                              min_size=JUDGES, max_size=JUDGES),
            # mostly recorded
            "recorded": st.lists(st.just(True) | st.booleans(),
                                 min_size=len(objective), max_size=len(objective)),
        }), max_size=WORKERS)),
    }


def build(spec, data, organizer, judges, workers) -> Stage:
    contest = ContestFactory(state=Contest.State.JUDGING, created_by=organizer)
    tracks = [Track.objects.create(contest=contest, name=f"赛道{i}", position=i)
              for i in range(2)]
    stage = Stage.objects.create(
        contest=contest, name="评审", position=0, aggregation=spec["aggregation"],
        trim=spec["trim"], normalize=spec["normalize"], panel_size=spec["panel_size"],
        advance_top=None if spec["final"] else spec["advance_top"],
    )
    if not spec["final"]:
        Stage.objects.create(contest=contest, name="终评", position=1)
    criteria = [
        Criterion.objects.create(stage=stage, name=f"项{i}", max_score=D(top), weight=D(w),
                                 kind=kind, position=i)
        for i, (kind, (top, w)) in enumerate(
            [(Criterion.Kind.JUDGED, c) for c in spec["judged"]]
            + [(Criterion.Kind.OBJECTIVE, c) for c in spec["objective"]])
    ]
    judged = [c for c in criteria if c.kind == Criterion.Kind.JUDGED]
    objective = [c for c in criteria if c.kind == Criterion.Kind.OBJECTIVE]
    for position, (index, order) in enumerate(spec["tie_breaks"]):
        TieBreak.objects.create(stage=stage, criterion=criteria[index], order=order,
                                position=position)
    for position, quota in enumerate(spec["tiers"]):
        Tier.objects.create(contest=contest, name=f"奖{position}", position=position, **quota)
    now = timezone.now()
    for worker, item in zip(workers, spec["entries"], strict=False):
        entry = Entry.objects.create(contest=contest, track=tracks[item["track"]],
                                     worker=worker, stage=stage,
                                     status=Entry.Status.QUALIFIED, submitted_at=now)
        for criterion, recorded in zip(objective, item["recorded"], strict=True):
            if recorded:
                ObjectiveScore.objects.create(
                    entry=entry, criterion=criterion, recorded_by=organizer,
                    value=data.draw(cents(str(criterion.max_score))))
        for judge, state in zip(judges, item["cards"], strict=True):
            if state == "none":
                continue
            assignment = Assignment.objects.create(stage=stage, entry=entry, judge=judge)
            card = Scorecard.objects.create(
                assignment=assignment, state=state, version=1,
                submitted_at=now if state == "submitted" else None)
            Score.objects.bulk_create([
                Score(scorecard=card, criterion=c, value=data.draw(cents(str(c.max_score))))
                for c in judged
            ])
    return stage


@pytest.fixture
def people(db):
    organizer = User.objects.create(username="fast-organizer", password="!",
                                    role=Role.ORGANIZER)
    judges = [User.objects.create(username=f"fast-judge{i}", password="!", role=Role.JUDGE)
              for i in range(JUDGES)]
    workers = [User.objects.create(username=f"fast-worker{i}", password="!",
                                   role=Role.WORKER) for i in range(WORKERS)]
    return organizer, judges, workers


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=contests(), data=st.data())
def test_fast_path_gives_the_reference_results(people, spec, data):
    if connection.vendor != "postgresql":
        pytest.skip("the fast path needs PostgreSQL's exact numeric")
    with transaction.atomic():
        stage = build(spec, data, *people)
        setting = adapter.load_stage_setting(stage)
        reference = adapter.load_stage_inputs(stage, setting).rank()
        fast = fast_results.rank(stage, setting)
        if spec["normalize"] == Stage.Normalize.ZSCORE:
            # Square roots in a 50-digit context: the reference computes these.
            assert fast is None
        else:
            assert fast == reference
        # The service stores what the reference computes, whichever path it took.
        result_set = compute_stage_results(stage_id=stage.pk)
        assert result_set.checksum == reference.checksum
        stored = list(ResultRow.objects.filter(result_set=result_set).order_by("position")
                      .values_list("entry_id", "rank", "stage_score", "tier_id", "advanced",
                                   "incomplete"))
        assert stored == [
            (r.entry_id, r.rank, r.stage_score, r.tier_id, bool(r.advanced), False)
            for r in reference.rows
        ] + [(i.entry_id, None, None, None, False, True) for i in reference.incomplete]
        transaction.set_rollback(True)


def test_fast_path_is_not_used_off_postgresql_nor_with_normalisation():
    assert not fast_results.available(StageRules(normalize=Normalization.ZSCORE))
    assert fast_results.available(StageRules()) == (connection.vendor == "postgresql")


def test_a_stored_score_the_reference_rejects_leaves_the_answer_to_the_reference(people):
    """A score above its criterion's maximum (the maximum lowered after scoring): the fast
    path declines, and the reference names the criterion."""
    spec = {"aggregation": Stage.Aggregation.MEAN, "trim": 0,
            "normalize": Stage.Normalize.NONE, "panel_size": 1, "final": True,
            "advance_top": 1, "tiers": [], "judged": [("10", "1")], "objective": [],
            "tie_breaks": [], "entries": [{"track": 0, "cards": ["submitted"] * JUDGES,
                                           "recorded": []}]}

    class Tens:
        def draw(self, _strategy):
            return D("10")

    stage = build(spec, Tens(), *people)
    Criterion.objects.filter(stage=stage).update(max_score=D("5"))
    setting = adapter.load_stage_setting(stage)
    assert fast_results.rank(stage, setting) is None
    with pytest.raises(ScoreError) as error:
        compute_stage_results(stage_id=stage.pk)
    assert error.value.code == "above_maximum"


def test_a_card_scoring_a_criterion_outside_the_stage_rubric_is_left_to_the_reference(people):
    """A submitted card also holding a score for the stage's objective criterion (which
    the reference ignores): the fast path declines, and the service stores the reference's
    results."""
    spec = {"aggregation": Stage.Aggregation.MEAN, "trim": 0,
            "normalize": Stage.Normalize.NONE, "panel_size": 1, "final": True,
            "advance_top": 1, "tiers": [], "judged": [("10", "1")], "objective": [("10", "1")],
            "tie_breaks": [], "entries": [{"track": 0, "cards": ["submitted"] * JUDGES,
                                           "recorded": [True]}]}

    class Sevens:
        def draw(self, _strategy):
            return D("7")

    stage = build(spec, Sevens(), *people)
    objective = Criterion.objects.get(stage=stage, kind=Criterion.Kind.OBJECTIVE)
    card = Scorecard.objects.filter(assignment__stage=stage).first()
    Score.objects.create(scorecard=card, criterion=objective, value=D("3"))
    setting = adapter.load_stage_setting(stage)
    reference = adapter.load_stage_inputs(stage, setting).rank()
    assert fast_results.rank(stage, setting) is None
    assert [row.stage_score for row in reference.rows] == [D("14.00")]
    assert compute_stage_results(stage_id=stage.pk).checksum == reference.checksum
