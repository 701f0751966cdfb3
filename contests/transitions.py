"""The contest state machine: the table, what each move checks and does, one service.

Everything a move does is listed here, in the order it happens (`move_steps`):

1. `transition_contest` checks the action is in the table, the actor may make it, and the
   contest (locked) is in a source state; a contest already in the target is a no-op;
2. the move's **checks** run in order; the first to raise `NotAllowed` vetoes (409);
3. the state is saved, then the move's **effects** run in order, in the same transaction
   (raising rolls everything back), then the audit event is written;
4. after commit: the move's **after-commit** steps, then the `contests.signals.
   contest_transitioned` signal for apps that follow contests from outside (nominations
   take the winners of a contest that became final).

The checks and effects of other apps (judging, publicity) are imported by `move_steps` when
a move is made, so that contests does not import them while it loads.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.services import record
from core.errors import InvalidInput, NotAllowed, PermissionDenied
from core.permissions import is_organizer
from core.state_machines import ORGANIZER, SYSTEM, Move, move

from .models import Contest, Entry
from .signals import contest_transitioned

logger = logging.getLogger(__name__)

S = Contest.State


def _move(action, sources, target, *who) -> Move:
    return move(action, sources, target, who)


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

Check = Callable[[Contest], None]  # raises NotAllowed to veto; the contest is locked
Effect = Callable[[Contest, object], None]  # (contest, actor), inside the transaction
AfterCommit = Callable[[int, str], None]  # (contest id, action), once the move is committed


@dataclass(frozen=True)
class Steps:
    checks: tuple[Check, ...] = ()
    effects: tuple[Effect, ...] = ()
    after_commit: tuple[AfterCommit, ...] = ()


# --- Contests' own checks and steps -----------------------------------------------------


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


def _announce(action: str) -> Callable:
    """Effect: tell the workers concerned about this milestone, in a Celery task rendered in
    each one's language. Queued through the outbox in the move's own transaction, so a
    broker outage delays the announcement and never loses it."""

    def announce_milestone(contest: Contest, actor) -> None:
        from .tasks import announce_transition

        announce_transition.delay_on_commit(contest.pk, action)

    # Named after its move, so the ordered list of steps reads as what it does.
    announce_milestone.__name__ = announce_milestone.__qualname__ = f"announce_{action}"
    return announce_milestone


@cache
def move_steps() -> dict[str, Steps]:
    """What each move checks and does, in the order it happens (see the module doc)."""
    from judging import contest_moves as judging
    from publicity.services import finalization, notices

    return {
        "open_registration": Steps(
            checks=(_structure_complete, _registration_deadline_ahead),
            effects=(_announce("open_registration"),),
        ),
        "close_registration": Steps(effects=(_announce("close_registration"),)),
        "open_judging": Steps(checks=(_all_entries_reviewed,)),
        # The stage being judged is computed (on commit); its old results are stale.
        "close_judging": Steps(effects=(judging.queue_results,)),
        "publish": Steps(
            checks=(judging.results_publishable,),
            # opens the public notice (公示), then tells the entrants
            effects=(notices.on_publish, _announce("publish")),
        ),
        "finalize": Steps(
            checks=(finalization.may_finalize,),  # notice over, nothing pending or upheld
            effects=(finalization.on_finalize,),  # closes the notice, creates certificates
        ),
        "cancel": Steps(effects=(notices.on_cancel, _announce("cancel"))),
        "amend_results": Steps(
            checks=(notices.may_amend,),  # after an upheld objection, none pending
            effects=(notices.on_amend,),  # supersedes the live notice
        ),
        "reopen_judging": Steps(),
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


def _after_commit(steps: Steps, *, contest_id, action, from_state, to_state,
                  actor_id) -> None:
    for step in steps.after_commit:
        try:
            step(contest_id, action)
        except Exception:  # the move is committed: one failing step must not stop the rest
            logger.exception("after-commit step %r of %s failed", step, action)
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
        steps = move_steps()[action]
        for check in steps.checks:
            check(locked)
        from_state = locked.state
        locked.state, locked.state_changed_at = move.target, timezone.now()
        locked.save(update_fields=["state", "state_changed_at", "updated_at"])
        for effect in steps.effects:
            effect(locked, actor)
        record(actor=actor, action=f"contest.{action}", target=locked,
               data={"from": from_state, "to": move.target}, reason=reason)
        transaction.on_commit(partial(
            _after_commit, steps, contest_id=locked.pk, action=action, from_state=from_state,
            to_state=move.target, actor_id=getattr(actor, "pk", None),
        ))
    return locked
