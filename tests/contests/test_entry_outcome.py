"""Results do not reach workers before they are published: until the contest is in notice
(or final), a worker's entry shows neither advanced/eliminated, nor its next stage, nor its
award. Organizers see the truth as soon as results are computed. Outcomes are computed by
the real judging service."""

from decimal import Decimal

import pytest

from contests.models import Contest, Entry
from judging.services.results import compute_stage_results
from tests.factories.accounts import JudgeFactory
from tests.factories.contests import (
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TierFactory,
    TrackFactory,
)
from tests.factories.judging import AssignmentFactory, ScorecardFactory

from .conftest import client_for

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def build(*, stages: int):
    """A contest in judging with two qualified entries, each scored by one judge: the first
    entry scores 9, the second 3. With two stages the first advances the top 1; with one,
    the tier 一等奖 goes to the top 1."""
    contest = ContestFactory(state=Contest.State.JUDGING)
    track = TrackFactory(contest=contest)
    first = StageFactory(contest=contest, position=0, panel_size=1,
                         advance_top=1 if stages == 2 else None)
    if stages == 2:
        StageFactory(contest=contest, position=1, panel_size=1)
    criterion = CriterionFactory(stage=first, max_score=Decimal("10"))
    tier = TierFactory(contest=contest, name="一等奖", quota=1)
    judge = JudgeFactory()
    entries = [EntryFactory(contest=contest, track=track) for _ in range(2)]
    for entry, score in zip(entries, ("9", "3"), strict=True):
        assignment = AssignmentFactory(stage=first, entry=entry, judge=judge)
        ScorecardFactory(assignment=assignment, submitted=True, scores={criterion: score})
    compute_stage_results(stage_id=first.pk)
    return contest, entries, tier


def move(contest, state):
    Contest.objects.filter(pk=contest.pk).update(state=state)


def shown(user, entry) -> dict:
    response = client_for(user).get(f"/api/entries/{entry.pk}/")
    assert response.status_code == 200, response.data
    return response.data


def listed(user, contest, **filters) -> list[dict]:
    response = client_for(user).get(f"/api/contests/{contest.pk}/entries/", filters)
    assert response.status_code == 200, response.data
    return response.data["results"]


class TestAward:
    @pytest.fixture
    def setup(self):
        contest, (winner, other), tier = build(stages=1)
        move(contest, Contest.State.RESULTS_READY)
        assert Entry.objects.get(pk=winner.pk).tier_id == tier.pk  # computed, not published
        return contest, winner, other, tier

    def test_the_worker_sees_no_award_while_results_are_ready(self, setup):
        contest, winner, _other, _tier = setup
        body = shown(winner.worker, winner)
        assert body["tier"] is None and body["status"] == "qualified"
        [row] = listed(winner.worker, contest)
        assert row["tier"] is None

    def test_the_organizer_sees_the_award_at_once(self, setup, organizer):
        contest, winner, other, tier = setup
        assert shown(organizer, winner)["tier"] == tier.pk
        rows = {row["id"]: row["tier"] for row in listed(organizer, contest)}
        assert rows == {winner.pk: tier.pk, other.pk: None}

    @pytest.mark.parametrize("state", [Contest.State.IN_NOTICE, Contest.State.FINAL])
    def test_the_worker_sees_the_award_once_published(self, setup, state):
        contest, winner, _other, tier = setup
        move(contest, state)
        assert shown(winner.worker, winner)["tier"] == tier.pk
        [row] = listed(winner.worker, contest)
        assert row["tier"] == tier.pk

    def test_a_cancelled_contest_never_tells(self, setup):
        contest, winner, _other, _tier = setup
        move(contest, Contest.State.CANCELLED)
        assert shown(winner.worker, winner)["tier"] is None


class TestAdvancement:
    @pytest.fixture
    def setup(self):
        contest, (ahead, behind), _tier = build(stages=2)
        statuses = dict(Entry.objects.values_list("id", "status"))
        assert statuses == {ahead.pk: "advanced", behind.pk: "eliminated"}
        return contest, ahead, behind

    @pytest.mark.parametrize("state", [Contest.State.JUDGING, Contest.State.RESULTS_READY])
    def test_workers_see_qualified_and_no_stage_before_publication(self, setup, state):
        contest, ahead, behind = setup
        move(contest, state)
        for entry in (ahead, behind):
            body = shown(entry.worker, entry)
            assert (body["status"], body["stage"], body["tier"]) == ("qualified", None, None)
            [row] = listed(entry.worker, contest)
            assert (row["status"], row["stage"]) == ("qualified", None)

    def test_filtering_by_status_tells_a_worker_nothing_more(self, setup):
        contest, ahead, behind = setup
        for entry in (ahead, behind):
            for status in ("advanced", "eliminated"):
                assert listed(entry.worker, contest, status=status) == []
            assert [r["id"] for r in listed(entry.worker, contest, status="qualified")] == [
                entry.pk]

    def test_the_organizer_sees_and_filters_the_truth(self, setup, organizer):
        contest, ahead, behind = setup
        assert shown(organizer, ahead)["status"] == "advanced"
        assert shown(organizer, ahead)["stage"] == Entry.objects.get(pk=ahead.pk).stage_id
        assert [r["id"] for r in listed(organizer, contest, status="eliminated")] == [
            behind.pk]
        assert listed(organizer, contest, status="qualified") == []

    def test_workers_see_the_outcome_once_published(self, setup):
        contest, ahead, behind = setup
        move(contest, Contest.State.IN_NOTICE)
        assert shown(ahead.worker, ahead)["status"] == "advanced"
        assert shown(behind.worker, behind)["status"] == "eliminated"
        assert [r["id"] for r in listed(behind.worker, contest, status="eliminated")] == [
            behind.pk]

    def test_an_outcome_in_the_history_waits_for_publication_too(self, setup, organizer):
        """The results computation wrote each entry's move into its history."""
        contest, ahead, _behind = setup
        assert [d["status"] for d in shown(ahead.worker, ahead)["decisions"]] == []
        assert [d["status"] for d in shown(organizer, ahead)["decisions"]] == ["advanced"]
        move(contest, Contest.State.IN_NOTICE)
        assert [d["status"] for d in shown(ahead.worker, ahead)["decisions"]] == ["advanced"]
