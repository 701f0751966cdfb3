"""Results through the adapter: loading, saving, moving entries, publication guard, tie
decisions, and the `close_judging` trigger. The maths itself is tested in test_scoring*."""

import json
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from contests.models import Contest, Entry, Stage
from contests.transitions import transition_contest
from core.errors import NotAllowed
from judging.models import (
    Assignment,
    ObjectiveScore,
    ResultRow,
    ResultSet,
    Scorecard,
    TierDecision,
)
from judging.services.results import compute_stage_results
from judging.services.scorecards import reopen_scorecard
from tests.factories.contests import CriterionFactory, TieBreakFactory, TierFactory
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.unit


def _rows(result_set):
    return list(
        ResultRow.objects.filter(result_set=result_set).order_by("position").values_list(
            "entry_id", "rank", "stage_score", "judged_score", "objective_score",
            "criterion_aggregates", "scorecards", "incomplete", "tier_id", "needs_decision",
            "advanced",
        )
    )


def _by_entry(s, figures):
    """figures: {entry index: [total per judge in assignment order]} on criterion 0."""
    def value_of(assignment, criterion):
        if criterion != s.criteria[0]:
            return "0"
        index = s.entries.index(next(e for e in s.entries if e.pk == assignment.entry_id))
        judges = [a.judge_id for a in s.assignments() if a.entry_id == assignment.entry_id]
        return figures[index][judges.index(assignment.judge_id)]
    return value_of


def test_computing_twice_gives_the_same_rows_and_checksum(make_scenario):
    s = make_scenario(entries=6, judges=4, panel_size=3, tiers=(1, 2),
                      state=Contest.State.RESULTS_READY)
    s.submit_all(lambda a, c: str((a.entry_id * 7 + a.judge_id * 3 + c.pk) % 10))
    first = compute_stage_results(stage_id=s.stage.pk)
    rows, checksum = _rows(first), first.checksum
    second = compute_stage_results(stage_id=s.stage.pk)
    assert second.pk == first.pk and second.computations == 2
    assert _rows(second) == rows and second.checksum == checksum
    assert len(rows) == 6 and ResultRow.objects.count() == 6
    assert [e.action for e in AuditEvent.objects.filter(action="results.computed")] == [
        "results.computed"] * 2


def test_a_hand_computed_stage_with_trimmed_mean_objective_part_and_tie_break(make_scenario):
    s = make_scenario(entries=3, judges=5, panel_size=5, aggregation="trimmed_mean",
                      objective=True, state=Contest.State.RESULTS_READY)
    TieBreakFactory(stage=s.stage, criterion=s.objective, order="asc")
    # Criterion 0 totals per entry (weight 1); criterion 1 scored 0 everywhere.
    figures = {
        0: ["9", "8", "8", "7", "1"],      # trimmed: drop 9 and 1 → mean(8, 8, 7) = 7.666…
        1: ["10", "10", "6", "6", "6"],    # drop one 10 and one 6 → mean(10, 6, 6) = 7.333…
        2: ["7", "7", "7", "7", "7"],      # 7
    }
    s.submit_all(_by_entry(s, figures))
    # Objective (weight 0.5): 10 → +5; 12 → +6; 20 → +10.
    for entry, value in zip(s.entries, ("10", "12", "20"), strict=True):
        ObjectiveScore.objects.create(entry=entry, criterion=s.objective, value=Decimal(value))
    result_set = compute_stage_results(stage_id=s.stage.pk)
    got = {r.entry_id: r for r in result_set.rows.all()}
    e0, e1, e2 = (got[e.pk] for e in s.entries)
    assert (e0.judged_score, e0.objective_score, e0.stage_score) == (
        Decimal("7.67"), Decimal("5.00"), Decimal("12.67"))
    assert (e1.judged_score, e1.stage_score) == (Decimal("7.33"), Decimal("13.33"))
    assert (e2.judged_score, e2.stage_score) == (Decimal("7.00"), Decimal("17.00"))
    assert [e2.rank, e1.rank, e0.rank] == [1, 2, 3]
    assert e0.criterion_aggregates[str(s.objective.pk)] == "10.00"
    assert result_set.publishable


def test_drafts_and_reopened_cards_do_not_count_and_the_entry_is_incomplete(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2, tiers=(1,),
                      state=Contest.State.RESULTS_READY)
    late = s.entries[1]
    for a in s.assignments():
        submitted = not (a.entry_id == late.pk and a.judge_id == s.judges[0].pk)
        ScorecardFactory(assignment=a, submitted=submitted,
                         scores={c: "5" for c in s.criteria})
    result_set = compute_stage_results(stage_id=s.stage.pk)
    assert result_set.incomplete_entries == [
        {"id": late.pk, "code": late.code, "scorecards": 1, "required": 2,
         "missing_objective": []}]
    row = result_set.rows.get(entry=late)
    assert row.incomplete and row.rank is None and row.scorecards == 1
    assert not result_set.publishable

    with pytest.raises(NotAllowed, match=late.code):
        transition_contest(contest=s.contest, action="publish", actor=s.organizer)


def test_publication_needs_computed_results(make_scenario):
    s = make_scenario(state=Contest.State.RESULTS_READY)
    with pytest.raises(NotAllowed, match="not been computed"):
        transition_contest(contest=s.contest, action="publish", actor=s.organizer)


def test_a_tie_at_the_quota_boundary_blocks_publication_until_decided(make_scenario):
    s = make_scenario(entries=3, judges=2, panel_size=2, tiers=(1, 5),
                      state=Contest.State.RESULTS_READY)
    gold, silver = s.tiers
    # The two best tie for the single gold place: the tie straddles gold and silver.
    tied_a, tied_b, third = s.entries
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["9", "9"], 2: ["5", "5"]}))
    result_set = compute_stage_results(stage_id=s.stage.pk)
    rows = {r.entry_id: r for r in result_set.rows.all()}
    assert rows[tied_a.pk].needs_decision and rows[tied_b.pk].needs_decision
    assert rows[tied_a.pk].tier_choices == [gold.pk, silver.pk]
    assert rows[third.pk].tier_id == silver.pk
    with pytest.raises(NotAllowed, match=tied_a.code):
        transition_contest(contest=s.contest, action="publish", actor=s.organizer)

    client = s.client(s.organizer)
    url = f"/api/contests/{s.contest.pk}/results/decide/"
    refused = client.post(url, {"entries": [third.pk], "tier": gold.pk, "reason": "x"})
    assert refused.status_code == 400 and third.code in refused.json()["entries"][0]
    assert client.post(url, {"entries": [tied_a.pk], "tier": gold.pk, "reason": ""}) \
        .status_code == 400

    response = client.post(url, {"entries": [tied_a.pk], "tier": gold.pk,
                                 "reason": "实操用时更短，评委会议决定"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["publishable"] is True and body["needs_decision"] is False
    tiers = {r["entry"]: (r["tier"] or {}).get("id") for r in body["results"]}
    assert tiers == {tied_a.pk: gold.pk, tied_b.pk: silver.pk, third.pk: silver.pk}
    decision = TierDecision.objects.get()
    assert decision.reason == "实操用时更短，评委会议决定" and decision.decided_by == s.organizer
    assert AuditEvent.objects.filter(action="results.tie_decided").exists()
    assert Entry.objects.get(pk=tied_a.pk).tier_id == gold.pk
    transition_contest(contest=s.contest, action="publish", actor=s.organizer)
    assert Contest.objects.get(pk=s.contest.pk).state == Contest.State.IN_NOTICE


def test_widening_a_tier_gives_it_to_the_whole_tie(make_scenario):
    s = make_scenario(entries=3, judges=2, panel_size=2, tiers=(1,),
                      state=Contest.State.RESULTS_READY)
    (gold,) = s.tiers
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["9", "9"], 2: ["5", "5"]}))
    compute_stage_results(stage_id=s.stage.pk)
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/results/decide/",
        {"entries": [s.entries[0].pk], "tier": gold.pk, "reason": "并列，增设名额",
         "widen": True})
    assert response.status_code == 200, response.json()
    assert set(Entry.objects.filter(tier=gold).values_list("pk", flat=True)) == {
        s.entries[0].pk, s.entries[1].pk}


def test_a_non_final_stage_advances_the_top_and_eliminates_the_rest(make_scenario):
    s = make_scenario(entries=4, judges=2, panel_size=2, final=False, advance_top=2,
                      state=Contest.State.RESULTS_READY)
    final = Stage.objects.get(contest=s.contest, position=1)
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["8", "8"], 2: ["3", "3"], 3: ["2", "2"]}))
    first = compute_stage_results(stage_id=s.stage.pk)
    entries = {e.pk: e for e in Entry.objects.filter(contest=s.contest)}
    top, second, third, fourth = (entries[e.pk] for e in s.entries)
    assert (top.status, top.stage_id) == (Entry.Status.ADVANCED, final.pk)
    assert (second.status, second.stage_id) == (Entry.Status.ADVANCED, final.pk)
    assert (third.status, third.stage_id) == (Entry.Status.ELIMINATED, s.stage.pk)
    assert fourth.status == Entry.Status.ELIMINATED
    # Recomputing after the entries moved on reads the same population.
    again = compute_stage_results(stage_id=s.stage.pk)
    assert _rows(again) == _rows(first) and again.checksum == first.checksum


def test_close_judging_queues_the_computation_on_commit(make_scenario,
                                                        django_capture_on_commit_callbacks):
    s = make_scenario(entries=2, judges=2, panel_size=2, tiers=(1,))
    s.submit_all(_by_entry(s, {0: ["9", "8"], 1: ["5", "6"]}))
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
    result_set = ResultSet.objects.get(stage=s.stage)
    assert result_set.publishable
    assert Entry.objects.get(pk=s.entries[0].pk).tier_id == s.tiers[0].pk


def test_the_compute_endpoint_queues_a_recomputation(make_scenario,
                                                     django_capture_on_commit_callbacks):
    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.RESULTS_READY)
    s.submit_all()
    with django_capture_on_commit_callbacks(execute=True):
        response = s.client(s.organizer).post(
            f"/api/contests/{s.contest.pk}/results/compute/", {"stage": s.stage.pk})
    assert response.status_code == 202 and response.json() == {"stage": s.stage.pk,
                                                               "queued": True}
    assert ResultSet.objects.filter(stage=s.stage).exists()


def test_results_in_notice_cannot_be_recomputed(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.IN_NOTICE)
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/results/compute/", {"stage": s.stage.pk})
    assert response.status_code == 409 and response.json()["state"] == "in_notice"
    assert not ResultSet.objects.filter(stage=s.stage).exists()


@pytest.mark.api
def test_results_rows_mask_workers_for_the_public(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2, tiers=(1,),
                      state=Contest.State.RESULTS_READY)
    consenting, refusing = (e.worker for e in s.entries)
    consenting.real_name, refusing.real_name = "张小明", "李四"
    consenting.save()
    refusing.save()
    refusing.worker_profile.consent_publication = False
    refusing.worker_profile.save()
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["5", "5"]}))
    compute_stage_results(stage_id=s.stage.pk)
    Contest.objects.filter(pk=s.contest.pk).update(state=Contest.State.IN_NOTICE)
    url = f"/api/contests/{s.contest.pk}/results/"
    from rest_framework.test import APIClient

    public = APIClient().get(url).json()
    assert [r["worker"] for r in public["results"]] == ["张**", ""]
    assert public["results"][0]["rank"] == 1 and public["results"][0]["tier"]["id"] == \
        s.tiers[0].pk
    assert public["results"][0]["stage_score"] == "9.00"
    assert public["count"] == 2 and public["checksum"]
    organizer = s.client(s.organizer).get(url).json()
    assert [r["worker"] for r in organizer["results"]] == ["张小明", "李四"]


def test_a_two_stage_contest_runs_through_the_state_machine(make_scenario,
                                                           django_capture_on_commit_callbacks):
    from judging.services.panels import auto_assign, set_panel

    s = make_scenario(entries=4, judges=2, panel_size=2, final=False, advance_top=2)
    final = Stage.objects.get(contest=s.contest, position=1)
    final_criterion = CriterionFactory(stage=final, name="决赛评分", max_score=Decimal("10"))
    gold = TierFactory(contest=s.contest, name="一等奖", quota=1)
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["8", "8"], 2: ["3", "3"], 3: ["2", "2"]}))
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
    assert ResultSet.objects.get(stage=s.stage).rows.filter(advanced=True).count() == 2

    transition_contest(contest=s.contest, action="reopen_judging", actor=s.organizer)
    set_panel(contest=s.contest, stage_id=final.pk, judge_ids=[j.pk for j in s.judges],
              actor=s.organizer)
    run = auto_assign(contest=s.contest, stage_id=final.pk, actor=s.organizer)
    assert run.created == 4  # the two finalists, two judges each
    for a in Assignment.objects.filter(stage=final):
        # The runner-up of the first stage wins the final.
        value = "9" if a.entry_id == s.entries[1].pk else "4"
        ScorecardFactory(assignment=a, submitted=True, scores={final_criterion: value})
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
    final_results = ResultSet.objects.get(stage=final)
    assert final_results.publishable and final_results.rows.count() == 2
    assert Entry.objects.get(tier=gold).pk == s.entries[1].pk
    transition_contest(contest=s.contest, action="publish", actor=s.organizer)


def test_publication_waits_for_the_recomputation_after_judging_reopens(
        make_scenario, django_capture_on_commit_callbacks):
    s = make_scenario(entries=2, judges=2, panel_size=2, tiers=(1,))
    s.submit_all(_by_entry(s, {0: ["9", "9"], 1: ["5", "5"]}))
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
    transition_contest(contest=s.contest, action="reopen_judging", actor=s.organizer)
    card = Scorecard.objects.get(assignment=s.assignments()[0])
    reopen_scorecard(scorecard_id=card.pk, actor=s.organizer, reason="复核")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)
    assert ResultSet.objects.get(stage=s.stage).stale
    with pytest.raises(NotAllowed, match="being recomputed"):
        transition_contest(contest=s.contest, action="publish", actor=s.organizer)
    for callback in queued:
        callback()
    result_set = ResultSet.objects.get(stage=s.stage)
    assert not result_set.stale and result_set.incomplete_entries  # the reopened card
    with pytest.raises(NotAllowed, match=s.assignments()[0].entry.code):
        transition_contest(contest=s.contest, action="publish", actor=s.organizer)


@pytest.mark.parametrize("aggregates", [
    {12: Decimal("8.50"), 3: Decimal("0.00"), 7: Decimal("1E+1")},
    {"a\"b": Decimal("1.10"), "c": Decimal("2.00")},  # not ids: json.dumps escapes them
    {1: Decimal("5.00"), "x": Decimal("6.00")},
    {},
])
def test_the_criteria_json_of_a_stored_row_is_each_figure_as_text(aggregates):
    """The COPY writes each row's criteria from a template made once per stage's criteria."""
    from judging.services.result_rows import _aggregates_json

    assert json.loads(_aggregates_json(aggregates)) == {
        str(key): str(value) for key, value in aggregates.items()
    }
