"""The contest state machine: every allowed and every forbidden move, who may make them,
the ordered checks and effects of each move, the audit event and the signal on commit."""

import itertools
from dataclasses import replace

import pytest

from audit.models import AuditEvent
from contests import transitions
from contests.models import Contest, Entry
from contests.services import transition_contest
from contests.signals import contest_transitioned
from core.errors import NotAllowed, PermissionDenied
from tests.factories.accounts import OrganizerFactory, WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure

pytestmark = pytest.mark.django_db

S = Contest.State
ACTIONS = ["open_registration", "close_registration", "open_judging", "close_judging",
           "publish", "finalize", "cancel"]
# Written out by hand (not derived from the code's table) so the test checks the table.
ALLOWED = {
    (S.DRAFT, "open_registration"): S.REGISTRATION_OPEN,
    (S.REGISTRATION_OPEN, "close_registration"): S.REGISTRATION_CLOSED,
    (S.REGISTRATION_CLOSED, "open_judging"): S.JUDGING,
    (S.JUDGING, "close_judging"): S.RESULTS_READY,
    (S.RESULTS_READY, "publish"): S.IN_NOTICE,
    (S.IN_NOTICE, "finalize"): S.FINAL,
    (S.IN_NOTICE, "amend_results"): S.RESULTS_READY,
    (S.RESULTS_READY, "reopen_judging"): S.JUDGING,
    **{(state, "cancel"): S.CANCELLED for state in (
        S.DRAFT, S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED, S.JUDGING, S.RESULTS_READY,
        S.IN_NOTICE)},
}
TARGET = {action: target for (_, action), target in ALLOWED.items()}
ALL_PAIRS = list(itertools.product(S.values, ACTIONS))
FORBIDDEN = [(s, a) for s, a in ALL_PAIRS if (s, a) not in ALLOWED and s != TARGET[a]]
NO_OPS = [(s, a) for s, a in ALL_PAIRS if s == TARGET[a]]


@pytest.fixture
def organizer():
    return OrganizerFactory()


def _own(steps):
    return tuple(step for step in steps if step.__module__.startswith("contests."))


@pytest.fixture(autouse=True)
def _contests_steps_only(monkeypatch):
    """Judge the table and contests' own steps: other apps' checks and effects are tested
    in their apps."""
    table = {action: replace(steps, checks=_own(steps.checks), effects=_own(steps.effects))
             for action, steps in transitions.move_steps().items()}
    monkeypatch.setattr(transitions, "move_steps", lambda: table)


def _with_steps(monkeypatch, action, **steps):
    table = dict(transitions.move_steps())
    table[action] = replace(table[action], **steps)
    monkeypatch.setattr(transitions, "move_steps", lambda: table)


def _names(steps) -> list[str]:
    return [f"{step.__module__}.{step.__name__}" for step in steps]


def test_every_move_lists_its_checks_and_effects_in_order(monkeypatch):
    monkeypatch.undo()  # the real list, with the other apps' steps
    steps = transitions.move_steps()
    assert set(steps) == set(transitions.ACTIONS)
    assert {a: (_names(s.checks), _names(s.effects)) for a, s in steps.items()} == {
        "open_registration": (["contests.transitions._structure_complete",
                               "contests.transitions._registration_deadline_ahead"],
                              ["contests.transitions.announce_open_registration"]),
        "close_registration": ([], ["contests.transitions.announce_close_registration"]),
        "open_judging": (["contests.transitions._all_entries_reviewed"], []),
        "close_judging": ([], ["judging.contest_moves.queue_results"]),
        "publish": (["judging.contest_moves.results_publishable"],
                    ["publicity.services.notices.on_publish",
                     "contests.transitions.announce_publish"]),
        "finalize": (["publicity.services.finalization.may_finalize"],
                     ["publicity.services.finalization.on_finalize"]),
        "cancel": ([], ["publicity.services.notices.on_cancel",
                        "contests.transitions.announce_cancel"]),
        "amend_results": (["publicity.services.notices.may_amend"],
                          ["publicity.services.notices.on_amend"]),
        "reopen_judging": ([], []),
    }
    # Workers hear of milestones through the outbox, in the move's own transaction.
    assert not any(s.after_commit for s in steps.values())


def test_the_code_table_matches_the_design():
    table = {(source, move.action): move.target
             for move in transitions.TRANSITIONS for source in move.sources}
    assert table == ALLOWED


@pytest.mark.unit
@pytest.mark.parametrize(("state", "action"), list(ALLOWED), ids=lambda v: str(v))
def test_every_allowed_move(state, action, organizer):
    contest = contest_with_structure(registration_open=True, state=state)
    after = transition_contest(contest=contest, action=action, actor=organizer)
    assert after.state == ALLOWED[(state, action)]
    contest.refresh_from_db()
    assert contest.state == ALLOWED[(state, action)]
    assert contest.state_changed_at is not None
    event = AuditEvent.objects.get(action=f"contest.{action}")
    assert event.data == {"from": state, "to": ALLOWED[(state, action)]}
    assert event.actor_id == organizer.pk


@pytest.mark.unit
@pytest.mark.parametrize(("state", "action"), FORBIDDEN, ids=lambda v: str(v))
def test_every_forbidden_move_is_a_409_with_the_state(state, action, organizer):
    contest = contest_with_structure(registration_open=True, state=state)
    with pytest.raises(NotAllowed) as caught:
        transition_contest(contest=contest, action=action, actor=organizer)
    assert caught.value.state == state
    assert caught.value.as_data()["state"] == state
    contest.refresh_from_db()
    assert contest.state == state
    assert not AuditEvent.objects.exists()


@pytest.mark.unit
@pytest.mark.parametrize(("state", "action"), NO_OPS, ids=lambda v: str(v))
def test_a_move_to_the_current_state_is_a_no_op(state, action, organizer):
    contest = contest_with_structure(registration_open=True, state=state)
    after = transition_contest(contest=contest, action=action, actor=organizer)
    assert after.state == state
    assert not AuditEvent.objects.exists()


@pytest.mark.unit
def test_who_workers_never_move_contests():
    contest = contest_with_structure(registration_open=True)
    with pytest.raises(PermissionDenied):
        transition_contest(contest=contest, action="close_registration",
                           actor=WorkerFactory())


@pytest.mark.unit
@pytest.mark.parametrize(("action", "state", "allowed"), [
    ("close_registration", S.REGISTRATION_OPEN, True),
    ("close_judging", S.JUDGING, True),
    ("finalize", S.IN_NOTICE, True),
    ("open_registration", S.DRAFT, False),
    ("publish", S.RESULTS_READY, False),
    ("cancel", S.JUDGING, False),
])
def test_who_the_system_makes_only_deadline_moves(action, state, allowed):
    contest = contest_with_structure(registration_open=True, state=state)
    if allowed:
        assert transition_contest(contest=contest, action=action, actor=None).state != state
    else:
        with pytest.raises(PermissionDenied):
            transition_contest(contest=contest, action=action, actor=None)


def test_a_check_vetoes_with_its_message(organizer, monkeypatch):
    contest = contest_with_structure(registration_open=True, state=S.RESULTS_READY)

    def results_incomplete(c):
        raise NotAllowed("3 entries are incomplete.", state=c.state)

    _with_steps(monkeypatch, "publish", checks=(results_incomplete,))
    with pytest.raises(NotAllowed, match="3 entries are incomplete"):
        transition_contest(contest=contest, action="publish", actor=organizer)
    contest.refresh_from_db()
    assert contest.state == S.RESULTS_READY


def test_checks_run_in_the_listed_order_and_the_first_veto_wins(organizer, monkeypatch):
    contest = contest_with_structure(registration_open=True, state=S.RESULTS_READY)
    ran = []

    def first(c):
        ran.append("first")
        raise NotAllowed("first", state=c.state)

    def second(c):
        ran.append("second")

    _with_steps(monkeypatch, "publish", checks=(first, second))
    with pytest.raises(NotAllowed, match="first"):
        transition_contest(contest=contest, action="publish", actor=organizer)
    assert ran == ["first"]


def test_effects_run_in_the_transaction_and_roll_back_with_it(organizer, monkeypatch):
    contest = contest_with_structure(registration_open=True, state=S.REGISTRATION_CLOSED)
    seen = []

    def enter_first_stage(c, actor):
        seen.append((c.state, actor))

    def broken(c, actor):
        raise NotAllowed("No panel for the first stage.", state=c.state)

    _with_steps(monkeypatch, "open_judging", effects=(enter_first_stage,))
    after = transition_contest(contest=contest, action="open_judging", actor=organizer)
    assert seen == [(S.JUDGING, organizer)]
    assert after.state == S.JUDGING

    other = contest_with_structure(registration_open=True, state=S.REGISTRATION_CLOSED)
    _with_steps(monkeypatch, "open_judging", effects=(enter_first_stage, broken))
    with pytest.raises(NotAllowed):
        transition_contest(contest=other, action="open_judging", actor=organizer)
    other.refresh_from_db()
    assert other.state == S.REGISTRATION_CLOSED
    assert AuditEvent.objects.filter(object_id=str(other.pk)).count() == 0


def test_signal_is_sent_on_commit_only(organizer, django_capture_on_commit_callbacks):
    contest = contest_with_structure(registration_open=True)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    contest_transitioned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            transition_contest(contest=contest, action="close_registration", actor=organizer)
            assert received == []
        assert len(callbacks) >= 1
    finally:
        contest_transitioned.disconnect(receiver)
    assert len(received) == 1
    assert {k: received[0][k] for k in ("contest_id", "action", "from_state", "to_state",
                                        "actor_id")} == {
        "contest_id": contest.pk, "action": "close_registration",
        "from_state": "registration_open", "to_state": "registration_closed",
        "actor_id": organizer.pk}


class TestBuiltInGuards:
    def test_opening_needs_a_future_deadline(self, organizer):
        contest = contest_with_structure()  # the factory's deadline is in the past
        with pytest.raises(NotAllowed, match="deadline"):
            transition_contest(contest=contest, action="open_registration", actor=organizer)

    def test_judging_waits_for_every_review(self, organizer):
        contest = contest_with_structure(registration_open=True, state=S.REGISTRATION_CLOSED)
        EntryFactory(contest=contest, status=Entry.Status.SUBMITTED)
        with pytest.raises(NotAllowed) as caught:
            transition_contest(contest=contest, action="open_judging", actor=organizer)
        assert caught.value.state == S.REGISTRATION_CLOSED


@pytest.mark.api
class TestTransitionApi:
    def url(self, contest):
        return f"/api/contests/{contest.pk}/transition/"

    def test_organizer_moves_the_contest(self, organizer_client):
        contest = contest_with_structure(registration_open=True)
        response = organizer_client.post(self.url(contest), {"action": "close_registration"})
        assert response.status_code == 200
        assert response.data["state"] == "registration_closed"

    def test_forbidden_move_is_409_with_state(self, organizer_client):
        contest = contest_with_structure(registration_open=True)
        response = organizer_client.post(self.url(contest), {"action": "publish"})
        assert response.status_code == 409
        assert response.data["state"] == "registration_open"
        assert response.data["detail"]

    def test_unknown_action_is_400(self, organizer_client):
        contest = contest_with_structure(registration_open=True)
        response = organizer_client.post(self.url(contest), {"action": "explode"})
        assert response.status_code == 400
        assert "action" in response.data

    def test_workers_get_403_on_public_and_404_on_draft(self, worker_client):
        public = contest_with_structure(registration_open=True)
        draft = contest_with_structure()
        assert worker_client.post(self.url(public), {"action": "cancel"}).status_code == 403
        assert worker_client.post(self.url(draft), {"action": "cancel"}).status_code == 404


@pytest.mark.unit
def test_available_actions_follow_the_table(organizer):
    contest = contest_with_structure(registration_open=True)
    assert transitions.available_actions(contest, organizer) == ["close_registration", "cancel"]
    assert transitions.available_actions(contest, WorkerFactory()) == []
    assert set(transitions.ACTION_LABELS) == set(transitions.ACTIONS)
