"""The scorecard state machine: one table, one function, one card or many in bulk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.services import judge_stream, record, verify_chain
from core.errors import NotAllowed, PermissionDenied
from judging.models import Scorecard
from judging.scorecard_transitions import SCORECARD_TRANSITIONS, transition_scorecards

pytestmark = pytest.mark.django_db


def _figures(card):
    return {"version": card.version, "state": card.state}


def test_the_table_covers_every_state():
    states = set(Scorecard.State.values)
    assert {m.target for m in SCORECARD_TRANSITIONS} == states - {Scorecard.State.DRAFT}
    assert all(m.sources <= states for m in SCORECARD_TRANSITIONS)


@pytest.mark.parametrize("entries", [1, 50])
def test_an_organizer_reopens_many_cards_in_a_fixed_number_of_queries(make_scenario, entries):
    s = make_scenario(entries=entries, judges=1, panel_size=1)
    cards = list(Scorecard.objects.filter(pk__in=[c.pk for c in s.submit_all()])
                 .select_related("assignment"))
    judge = s.judges[0]
    record(actor=s.organizer, action="test.first", stream=judge_stream(s.contest.pk, judge.pk))
    with CaptureQueriesContext(connection) as captured:
        moved = transition_scorecards(cards=cards, action="reopen", actor=s.organizer,
                                      contest_id=s.contest.pk, reason="复核", audit_data=_figures)
    # UPDATE the cards; audit in the judge's stream (opened above): lock its head, INSERT
    # the events, UPDATE the head (PostgreSQL: the INSERT and the UPDATE in one statement).
    assert len(captured) == (3 if connection.vendor == "postgresql" else 4), [
        q["sql"][:60] for q in captured]
    assert len(moved) == entries
    assert set(Scorecard.objects.values_list("state", "submitted_at")) == {
        (Scorecard.State.REOPENED, None)}
    events = AuditEvent.objects.filter(action="scorecard.reopened")
    assert {e.stream for e in events} == {judge_stream(s.contest.pk, judge.pk)}
    assert [(e.data, e.reason) for e in events.order_by("seq")] == [
        ({"version": c.version - 1, "state": "submitted"}, "复核") for c in cards]


def test_reopening_cards_of_several_judges_chains_each_in_its_judges_stream(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2)
    cards = list(Scorecard.objects.filter(pk__in=[c.pk for c in s.submit_all()])
                 .select_related("assignment"))
    transition_scorecards(cards=cards, action="reopen", actor=s.organizer,
                          contest_id=s.contest.pk, reason="复核", audit_data=_figures)
    events = AuditEvent.objects.filter(action="scorecard.reopened")
    assert sorted((e.stream, e.object_id) for e in events) == sorted(
        (judge_stream(s.contest.pk, c.assignment.judge_id), str(c.pk)) for c in cards)
    assert {e.actor_id for e in events} == {s.organizer.pk}
    assert verify_chain().ok


def test_a_judge_submits_only_their_own_card_and_never_reopens(make_scenario):
    s = make_scenario(entries=1, judges=2, panel_size=2)
    mine, theirs = (Scorecard.objects.create(assignment=a) for a in s.assignments())
    with pytest.raises(PermissionDenied):
        transition_scorecards(cards=[theirs], action="submit", actor=mine.assignment.judge,
                              contest_id=s.contest.pk, audit_data=_figures)
    transition_scorecards(cards=[mine], action="submit", actor=mine.assignment.judge,
                          contest_id=s.contest.pk, audit_data=_figures)
    with pytest.raises(PermissionDenied):
        transition_scorecards(cards=[mine], action="reopen", actor=mine.assignment.judge,
                              contest_id=s.contest.pk, audit_data=_figures)
    assert Scorecard.objects.get(pk=mine.pk).state == Scorecard.State.SUBMITTED


def test_a_draft_cannot_be_reopened_and_nothing_is_written(make_scenario):
    s = make_scenario(entries=2, judges=1, panel_size=1)
    submitted, draft = s.submit_all()
    Scorecard.objects.filter(pk=draft.pk).update(state=Scorecard.State.DRAFT,
                                                 submitted_at=None)
    draft.refresh_from_db()
    with pytest.raises(NotAllowed) as refusal:
        transition_scorecards(cards=[submitted, draft], action="reopen", actor=s.organizer,
                              contest_id=s.contest.pk, audit_data=_figures)
    assert refusal.value.state == Scorecard.State.DRAFT
    assert Scorecard.objects.get(pk=submitted.pk).state == Scorecard.State.SUBMITTED
    assert not AuditEvent.objects.filter(action="scorecard.reopened").exists()
