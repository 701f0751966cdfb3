"""What judges and organizers read: the assignment list, progress, judge consistency,
and the predicate contests uses for evidence."""

from decimal import Decimal

import pytest

from contests.permissions import can_judge_see_entry
from judging.permissions import is_assigned_judge
from tests.factories.accounts import JudgeFactory, OrganizerFactory
from tests.factories.judging import ScorecardFactory

pytestmark = pytest.mark.api


def test_the_assignment_list_shows_what_a_judge_needs(make_scenario):
    s = make_scenario(entries=2, judges=1, panel_size=1, objective=True)
    judge = s.judges[0]
    first = s.assignment(judge, s.entries[0])
    ScorecardFactory(assignment=first, scores={s.criteria[0]: "4.5"})
    body = s.client(judge).get("/api/assignments/").json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["id"] == first.pk)
    assert row["entry_code"] == s.entries[0].code
    assert row["track"] == {"id": s.track.pk, "name": s.track.name}
    assert row["stage"] == {"id": s.stage.pk, "name": s.stage.name}
    assert row["contest"]["id"] == s.contest.pk and row["status"] == "draft"
    # Judged criteria only: the objective one is not the judge's to score.
    assert row["criteria"] == [
        {"id": c.pk, "name": c.name, "max_score": f"{c.max_score:.2f}",
         "weight": f"{c.weight:.4f}"} for c in s.criteria]
    assert row["scorecard"]["scores"] == {str(s.criteria[0].pk): "4.50"}
    other = next(r for r in body["results"] if r["id"] != first.pk)
    assert other["status"] == "pending" and other["scorecard"] is None


def test_organizers_filter_assignments_by_judge(make_scenario):
    s = make_scenario(entries=3, judges=3, panel_size=2)
    body = s.client(s.organizer).get(
        f"/api/assignments/?contest={s.contest.pk}&judge={s.judges[0].pk}&page_size=50").json()
    assert {r["judge"] for r in body["results"]} == {s.judges[0].pk}
    assert body["count"] == len(s.assignments(s.judges[0]))


def test_progress_counts_submitted_and_expected_per_judge_and_entry(make_scenario):
    s = make_scenario(entries=3, judges=3, panel_size=2)
    late_judge = s.judges[0]
    for a in s.assignments():
        ScorecardFactory(assignment=a, submitted=a.judge != late_judge,
                         scores={c: "5" for c in s.criteria})
    body = s.client(s.organizer).get(f"/api/contests/{s.contest.pk}/progress/").json()
    assert body["stage"] == {"id": s.stage.pk, "name": s.stage.name, "panel_size": 2}
    assert body["expected"] == 6 and body["submitted"] == 6 - len(s.assignments(late_judge))
    judges = {j["id"]: j for j in body["judges"]}
    assert judges[late_judge.pk]["submitted"] == 0
    assert judges[late_judge.pk]["drafts"] == judges[late_judge.pk]["expected"]
    entries = {e["id"]: e for e in body["entries"]}
    for entry in s.entries:
        mine = [a for a in s.assignments() if a.entry_id == entry.pk]
        assert entries[entry.pk]["expected"] == 2 and entries[entry.pk]["required"] == 2
        assert entries[entry.pk]["submitted"] == sum(a.judge != late_judge for a in mine)


def test_consistency_flags_the_judge_who_stands_out(make_scenario):
    s = make_scenario(entries=4, judges=5, panel_size=5)
    harsh = s.judges[0]
    s.submit_all(lambda a, c: "1" if a.judge == harsh else str(5 + a.entry_id % 3))
    body = s.client(s.organizer).get(
        f"/api/contests/{s.contest.pk}/consistency/?stage={s.stage.pk}").json()
    judges = {j["judge"]: j for j in body["judges"]}
    assert judges[harsh.pk]["flagged"] is True
    assert all(not j["flagged"] for pk, j in judges.items() if pk != harsh.pk)
    assert Decimal(judges[harsh.pk]["mean_deviation"]) < 0
    assert judges[harsh.pk]["scorecards"] == 4 and judges[harsh.pk]["name"]
    assert body["concordance_entries"] == 4 and body["kendalls_w"] is not None


def test_is_assigned_judge_answers_for_contests(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=1)
    a = s.assignments()[0]
    outsider = next(j for j in s.judges if j != a.judge)
    assert is_assigned_judge(a.judge, a.entry) and can_judge_see_entry(a.judge, a.entry)
    assert not is_assigned_judge(outsider, a.entry)
    assert not can_judge_see_entry(outsider, a.entry)
    assert not is_assigned_judge(JudgeFactory(), a.entry)
    assert not is_assigned_judge(OrganizerFactory(), a.entry)
