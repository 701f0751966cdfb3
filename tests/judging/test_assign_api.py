"""Panels, auto-assignment with recusal, and declared conflicts, through the API."""

import random
from collections import Counter

import pytest

from audit.models import AuditEvent
from contests.models import Contest
from judging.models import Assignment, Conflict, PanelMember, Scorecard
from tests.factories.accounts import EnterpriseFactory, JudgeFactory, WorkerFactory
from tests.factories.contests import EntryFactory
from tests.factories.judging import ConflictFactory, ScorecardFactory

pytestmark = pytest.mark.api


def _assign(scenario, **body):
    return scenario.client(scenario.organizer).post(
        f"/api/contests/{scenario.contest.pk}/assign/", {"stage": scenario.stage.pk, **body}
    )


# --- Panel --------------------------------------------------------------------------------


def test_panel_replaces_the_stages_judges(make_scenario):
    s = make_scenario(judges=3, assign=False)
    newcomer = JudgeFactory()
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/panel/",
        {"stage": s.stage.pk, "judges": [s.judges[0].pk, newcomer.pk]},
    )
    assert response.status_code == 200, response.json()
    assert sorted(PanelMember.objects.filter(stage=s.stage).values_list("judge_id", flat=True)) \
        == sorted([s.judges[0].pk, newcomer.pk])
    assert AuditEvent.objects.filter(action="judging.panel_set").count() == 2


def test_panel_refuses_users_who_are_not_judges(make_scenario, worker):
    s = make_scenario(assign=False)
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/panel/", {"stage": s.stage.pk, "judges": [worker.pk]}
    )
    assert response.status_code == 400
    assert str(worker.pk) in response.json()["judges"][0]


def test_panel_refuses_a_stage_of_another_contest(make_scenario):
    s, other = make_scenario(assign=False), make_scenario(assign=False)
    response = s.client(s.organizer).post(
        f"/api/contests/{s.contest.pk}/panel/", {"stage": other.stage.pk, "judges": []}
    )
    assert response.status_code == 400 and "stage" in response.json()


# --- Auto-assignment ------------------------------------------------------------------------


def test_assign_gives_every_entry_its_panel_with_balanced_load(make_scenario):
    s = make_scenario(entries=7, judges=5, panel_size=3, assign=False,
                      state=Contest.State.REGISTRATION_CLOSED)
    response = _assign(s)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["assignments"] == body["created"] == 21
    per_entry = Counter(Assignment.objects.filter(stage=s.stage).values_list("entry_id", flat=True))
    assert set(per_entry.values()) == {3}
    loads = body["per_judge"]
    assert set(loads) == {str(j.pk) for j in s.judges}
    assert max(loads.values()) - min(loads.values()) <= 1
    assert AuditEvent.objects.filter(action="judging.assigned").exists()


def test_assign_never_uses_a_judge_from_the_entrys_enterprise_or_with_a_conflict(make_scenario):
    s = make_scenario(entries=0, judges=6, panel_size=2, assign=False)
    rng = random.Random(5)
    enterprises = EnterpriseFactory.create_batch(3)
    for index, judge in enumerate(s.judges):  # two judges per enterprise: always feasible
        judge.enterprise = enterprises[index % 3]
        judge.save()
    entries = []
    for _ in range(15):
        worker = WorkerFactory(enterprise=rng.choice(enterprises))
        entries.append(EntryFactory(contest=s.contest, track=s.track, worker=worker))
    for entry in entries[:5]:
        ConflictFactory(judge=rng.choice(s.judges), entry=entry)
    response = _assign(s)
    assert response.status_code == 200, response.json()
    conflicts = set(Conflict.objects.values_list("judge_id", "entry_id"))
    for a in Assignment.objects.select_related("judge", "entry__worker"):
        assert a.judge.enterprise_id != a.entry.worker.enterprise_id
        assert (a.judge_id, a.entry_id) not in conflicts


def test_too_few_judges_after_recusal_names_the_entries_and_writes_nothing(make_scenario):
    s = make_scenario(entries=3, judges=3, panel_size=3, assign=False)
    enterprise = EnterpriseFactory()
    s.judges[0].enterprise = enterprise
    s.judges[0].save()
    blocked = EntryFactory(contest=s.contest, track=s.track,
                           worker=WorkerFactory(enterprise=enterprise))
    ConflictFactory(judge=s.judges[1], entry=s.entries[0])
    response = _assign(s)
    assert response.status_code == 409
    body = response.json()
    assert {e["code"] for e in body["entries"]} == {blocked.code, s.entries[0].code}
    assert blocked.code in body["detail"] and s.entries[0].code in body["detail"]
    assert not Assignment.objects.exists()


def test_rerunning_assign_keeps_assignments_that_have_scorecards(make_scenario):
    s = make_scenario(entries=4, judges=4, panel_size=2)
    scored = s.assignments()[0]
    ScorecardFactory(assignment=scored)
    others = {a.pk for a in s.assignments()} - {scored.pk}
    response = _assign(s, seed=999)
    assert response.status_code == 200
    body = response.json()
    assert body["kept"] == 1 and body["created"] == 7 and body["removed"] == 7
    assert Assignment.objects.filter(pk=scored.pk).exists()
    assert not Assignment.objects.filter(pk__in=others).exists()
    assert Counter(Assignment.objects.values_list("entry_id", flat=True)) == {
        e.pk: 2 for e in s.entries}


def test_assign_is_refused_before_registration_closes(make_scenario):
    s = make_scenario(assign=False, state=Contest.State.REGISTRATION_OPEN)
    response = _assign(s)
    assert response.status_code == 409 and response.json()["state"] == "registration_open"


def test_assign_with_the_same_idempotency_key_replays(make_scenario):
    s = make_scenario(assign=False)
    client = s.client(s.organizer)
    url, body = f"/api/contests/{s.contest.pk}/assign/", {"stage": s.stage.pk}
    first = client.post(url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post(url, body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 200
    assert second["Idempotent-Replayed"] == "true" and second.json() == first.json()
    assert AuditEvent.objects.filter(action="judging.assigned").count() == 1


# --- Conflicts ------------------------------------------------------------------------------


def _declare(s, judge, entry, reason="与参赛者为亲属"):
    return s.client(judge).post("/api/judges/conflicts/", {"entry": entry.pk, "reason": reason})


def test_a_conflict_moves_the_assignment_to_the_least_loaded_eligible_judge(make_scenario):
    s = make_scenario(entries=4, judges=4, panel_size=2, assign=False)
    # Judges 0 and 1 on every entry; judge 2 busy elsewhere; judge 3 idle.
    for entry in s.entries:
        for judge in s.judges[:2]:
            Assignment.objects.create(stage=s.stage, entry=entry, judge=judge)
    Assignment.objects.create(stage=s.stage, entry=EntryFactory(contest=s.contest, track=s.track),
                              judge=s.judges[2])
    card = ScorecardFactory(assignment=s.assignment(s.judges[0], s.entries[0]),
                            scores={s.criteria[0]: "7"})
    response = _declare(s, s.judges[0], s.entries[0])
    assert response.status_code == 201, response.json()
    assert response.json()["reassigned"] is True
    assert set(Assignment.objects.filter(entry=s.entries[0]).values_list("judge_id", flat=True)) \
        == {s.judges[1].pk, s.judges[3].pk}
    assert not Scorecard.objects.filter(pk=card.pk).exists()
    event = AuditEvent.objects.get(action="judging.conflict_declared")
    assert event.data["moves"][0]["discarded"]["scores"] == {str(s.criteria[0].pk): "7.00"}
    assert event.reason == "与参赛者为亲属"
    # Later auto-assignment never brings the judge back.
    _assign(s)
    assert not Assignment.objects.filter(entry=s.entries[0], judge=s.judges[0]).exists()


def test_a_conflict_after_submitting_is_refused(scenario):
    assignment = scenario.assignments()[0]
    ScorecardFactory(assignment=assignment, submitted=True,
                     scores={c: "5" for c in scenario.criteria})
    response = _declare(scenario, assignment.judge, assignment.entry)
    assert response.status_code == 409 and response.json()["state"] == "submitted"
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Conflict.objects.exists()


def test_a_conflict_with_an_entry_not_assigned_is_not_found(make_scenario):
    s = make_scenario(entries=2, judges=3, panel_size=2)
    stranger = JudgeFactory()
    assert _declare(s, stranger, s.entries[0]).status_code == 404


def test_a_conflict_needs_a_reason(scenario):
    a = scenario.assignments()[0]
    response = _declare(scenario, a.judge, a.entry, reason="")
    assert response.status_code == 400 and "reason" in response.json()


def test_a_conflict_without_a_replacement_is_recorded_and_reported(make_scenario):
    s = make_scenario(entries=1, judges=3, panel_size=3)
    response = _declare(s, s.judges[0], s.entries[0])
    assert response.status_code == 201 and response.json()["reassigned"] is False
    assert Assignment.objects.filter(entry=s.entries[0]).count() == 2
