"""The contest state machine: a table, a registry of guards and effects, one service.

Other apps take part without contests importing them. In their ``AppConfig.ready()``::

    from contests.transitions import register_guard, register_effect
    register_guard("publish", results_are_complete)     # func(contest); raise NotAllowed
    register_effect("open_judging", enter_first_stage)  # func(contest, actor), in the tx

and they may listen to ``contests.signals.contest_transitioned`` (sent after commit).
The registry is filled at start-up by code, identically in every process; it holds no
runtime state.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.services import record
from core.errors import InvalidInput, NotAllowed, PermissionDenied
from core.permissions import is_organizer

from .models import Contest, Entry
from .signals import contest_transitioned

logger = logging.getLogger(__name__)

S = Contest.State
ORGANIZER = "organizer"
SYSTEM = "system"  # Celery beat and other services acting on deadlines (actor=None)


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str
    who: frozenset[str]


def _move(action, sources, target, *who) -> Move:
    return Move(action, frozenset(sources), target, frozenset(who))


# from-states, action, to-state, who may do it.
TRANSITIONS: tuple[Move, ...] = (
    _move("open_registration", [S.DRAFT], S.REGISTRATION_OPEN, ORGANIZER),
    _move("close_registration", [S.REGISTRATION_OPEN], S.REGISTRATION_CLOSED, ORGANIZER, SYSTEM),
    _move("open_judging", [S.REGISTRATION_CLOSED], S.JUDGING, ORGANIZER),
    _move("close_judging", [S.JUDGING], S.RESULTS_READY, ORGANIZER, SYSTEM),
    _move("publish", [S.RESULTS_READY], S.IN_NOTICE, ORGANIZER),
    _move("finalize", [S.IN_NOTICE], S.FINAL, ORGANIZER, SYSTEM),
    _move("cancel", S.BEFORE_FINAL, S.CANCELLED, ORGANIZER),
    # Amending after an upheld objection: take the results out of notice, optionally
    # reopen judging to re-score, then close judging and publish again (a new notice).
    _move("amend_results", [S.IN_NOTICE], S.RESULTS_READY, ORGANIZER),
    _move("reopen_judging", [S.RESULTS_READY], S.JUDGING, ORGANIZER),
)
MOVES: dict[str, Move] = {move.action: move for move in TRANSITIONS}
ACTIONS: tuple[str, ...] = tuple(MOVES)
ACTION_LABELS = {
    "open_registration": pgettext_lazy("contest action", "Open registration"),
    "close_registration": pgettext_lazy("contest action", "Close registration"),
    "open_judging": pgettext_lazy("contest action", "Start judging"),
    "close_judging": pgettext_lazy("contest action", "Close judging"),
    "publish": pgettext_lazy("contest action", "Publish results"),
    "finalize": pgettext_lazy("contest action", "Finalize"),
    "cancel": pgettext_lazy("contest action", "Cancel the contest"),
    "amend_results": pgettext_lazy("contest action", "Withdraw results for amendment"),
    "reopen_judging": pgettext_lazy("contest action", "Reopen judging"),
}

Guard = Callable[[Contest], None]
Effect = Callable[[Contest, object], None]

_guards: dict[str, list[Guard]] = {action: [] for action in ACTIONS}
_effects: dict[str, list[Effect]] = {action: [] for action in ACTIONS}


def _known(action: str) -> str:
    if action not in MOVES:
        raise ValueError(f"Unknown contest action {action!r}; one of {', '.join(ACTIONS)}")
    return action


def register_guard(action: str, func: Guard) -> None:
    """`func(contest)` runs with the contest locked, before the move; it vetoes by raising
    `core.errors.NotAllowed` with a message. Registering the same function twice is a no-op."""
    if func not in _guards[_known(action)]:
        _guards[action].append(func)


def register_effect(action: str, func: Effect) -> None:
    """`func(contest, actor)` runs inside the transaction, after the state is saved and
    before the audit event; raising rolls the whole move back."""
    if func not in _effects[_known(action)]:
        _effects[action].append(func)


def unregister_guard(action: str, func: Guard) -> None:
    if func in _guards[_known(action)]:
        _guards[action].remove(func)


def unregister_effect(action: str, func: Effect) -> None:
    if func in _effects[_known(action)]:
        _effects[action].remove(func)


# --- Built-in guards ---------------------------------------------------------------------


def _structure_complete(contest: Contest) -> None:
    if not contest.tracks.exists() or not contest.stages.exists():
        raise NotAllowed(_("Add at least one track and one stage before opening registration."),
                         state=contest.state)


def _registration_deadline_ahead(contest: Contest) -> None:
    if contest.registration_closes <= timezone.now():
        raise NotAllowed(_("The registration deadline has passed: change it first."),
                         state=contest.state)


def _all_entries_reviewed(contest: Contest) -> None:
    waiting = contest.entries.filter(status=Entry.Status.SUBMITTED).count()
    if waiting:
        raise NotAllowed(_("%(count)s submitted entries still await the qualification review.")
                         % {"count": waiting}, state=contest.state)


BUILTIN_GUARDS: dict[str, tuple[Guard, ...]] = {
    "open_registration": (_structure_complete, _registration_deadline_ahead),
    "open_judging": (_all_entries_reviewed,),
}


# --- The service -------------------------------------------------------------------------


def _check_who(move: Move, actor) -> None:
    who = SYSTEM if actor is None else ORGANIZER
    if who not in move.who or (actor is not None and not is_organizer(actor)):
        raise PermissionDenied(_("You may not do this to a contest."))


def _forbidden(move: Move, contest: Contest) -> NotAllowed:
    return NotAllowed(
        _("“%(action)s” is not possible while the contest is “%(state)s”.") % {
            "action": ACTION_LABELS[move.action], "state": contest.get_state_display()},
        state=contest.state,
    )


def available_actions(contest: Contest, actor) -> list[str]:
    """Actions the table allows this actor from the contest's state (guards not run):
    what a page offers as buttons."""
    return [
        move.action for move in TRANSITIONS
        if contest.state in move.sources and ORGANIZER in move.who and is_organizer(actor)
    ]


def _announce(*, contest_id, action, from_state, to_state, actor_id) -> None:
    for receiver, response in contest_transitioned.send_robust(
        sender=Contest, contest_id=contest_id, action=action, from_state=from_state,
        to_state=to_state, actor_id=actor_id,
    ):
        if isinstance(response, Exception):
            logger.error("contest_transitioned receiver %r failed", receiver,
                         exc_info=response)


def transition_contest(*, contest: Contest, action: str, actor, reason: str = "") -> Contest:
    """Apply `action` to the contest and return it, fresh from the database.

    Raises InvalidInput (unknown action), PermissionDenied (not this actor's move),
    NotAllowed (409: not from the current state, or a guard vetoed). `actor=None` is the
    system (deadlines). When the contest is already in the target state, nothing happens."""
    move = MOVES.get(action)
    if move is None:
        raise InvalidInput(_("Unknown action."), field="action")
    _check_who(move, actor)
    with transaction.atomic():
        locked = Contest.objects.select_for_update().get(pk=contest.pk)
        if locked.state == move.target:
            return locked
        if locked.state not in move.sources:
            raise _forbidden(move, locked)
        for guard in (*BUILTIN_GUARDS.get(action, ()), *_guards[action]):
            guard(locked)
        from_state = locked.state
        locked.state, locked.state_changed_at = move.target, timezone.now()
        locked.save(update_fields=["state", "state_changed_at", "updated_at"])
        for effect in _effects[action]:
            effect(locked, actor)
        record(actor=actor, action=f"contest.{action}", target=locked,
               data={"from": from_state, "to": move.target}, reason=reason)
        transaction.on_commit(partial(
            _announce, contest_id=locked.pk, action=action, from_state=from_state,
            to_state=move.target, actor_id=getattr(actor, "pk", None),
        ))
    return locked
