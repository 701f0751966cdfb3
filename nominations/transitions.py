"""The two state machines of the pipeline: each a table (from-states, action, to-state,
who) and one function that applies it (lock → check → save → audit → on-commit), as for
contests (`contests.transitions`).

Nomination: proposed → eligible | ineligible → union_approved → committee_approved →
in_notice → recommended; reserve outside the quota; rejected (with its stage) from a
review or an upheld objection; withdrawn (organizer, nominee's decline, lost provenance).

Round: open → in_notice → final; cancelled before final. The round's guards and effects
(the quota, the notice) live in `nominations.services.notice`.
"""


from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.services import record
from core.errors import InvalidInput, NotAllowed, PermissionDenied
from core.permissions import is_organizer
from core.state_machines import Move

from .models import Nomination, NominationRound, ReviewStage

N = Nomination.Status
R = NominationRound.State
ORGANIZER, NOMINEE, SYSTEM = "organizer", "nominee", "system"


def _move(action, sources, target, *who) -> Move:
    return Move(action, frozenset(sources), target, frozenset(who))


NOMINATION_MOVES: tuple[Move, ...] = (
    _move("mark_eligible", [N.PROPOSED, N.INELIGIBLE], N.ELIGIBLE, ORGANIZER, SYSTEM),
    _move("mark_ineligible", [N.PROPOSED, N.ELIGIBLE, N.UNION_APPROVED], N.INELIGIBLE,
          ORGANIZER, SYSTEM),
    _move("union_approve", [N.ELIGIBLE], N.UNION_APPROVED, ORGANIZER),
    _move("union_reject", [N.ELIGIBLE, N.INELIGIBLE], N.REJECTED, ORGANIZER),
    _move("committee_approve", [N.UNION_APPROVED], N.COMMITTEE_APPROVED, ORGANIZER),
    _move("committee_reject", [N.UNION_APPROVED], N.REJECTED, ORGANIZER),
    _move("place_in_notice", [N.COMMITTEE_APPROVED], N.IN_NOTICE, ORGANIZER),
    _move("hold_in_reserve", [N.COMMITTEE_APPROVED], N.RESERVE, ORGANIZER),
    _move("promote", [N.RESERVE], N.IN_NOTICE, ORGANIZER),
    _move("reject_after_objection", [N.IN_NOTICE], N.REJECTED, ORGANIZER),
    _move("recommend", [N.IN_NOTICE], N.RECOMMENDED, ORGANIZER, SYSTEM),
    _move("withdraw", Nomination.Status.LIVE, N.WITHDRAWN, ORGANIZER, NOMINEE, SYSTEM),
)
NOMINATION_ACTIONS = {move.action: move for move in NOMINATION_MOVES}
REJECTION_STAGE = {"union_reject": ReviewStage.UNION, "committee_reject": ReviewStage.COMMITTEE,
                   "reject_after_objection": ReviewStage.NOTICE}

ROUND_MOVES: tuple[Move, ...] = (
    _move("open_notice", [R.OPEN], R.IN_NOTICE, ORGANIZER),
    _move("finalize", [R.IN_NOTICE], R.FINAL, ORGANIZER, SYSTEM),
    _move("cancel", [R.OPEN, R.IN_NOTICE], R.CANCELLED, ORGANIZER),
)
ROUND_ACTIONS = {move.action: move for move in ROUND_MOVES}
ROUND_ACTION_LABELS = {
    "open_notice": pgettext_lazy("round action", "Open the public notice"),
    "finalize": pgettext_lazy("round action", "Finalize"),
    "cancel": pgettext_lazy("round action", "Cancel the round"),
}


def _who(actor, nomination: Nomination | None = None) -> str:
    if actor is None:
        return SYSTEM
    if is_organizer(actor):
        return ORGANIZER
    if nomination is not None and actor.pk == nomination.worker_id:
        return NOMINEE
    return ""


def move_nomination(*, nomination: Nomination, action: str, actor, reason: str = "",
                    data: dict | None = None) -> Nomination:
    """Apply `action` to the nomination (locked here) and return it fresh. NotAllowed
    (409, with the status) when the table forbids the move from the current status."""
    move = NOMINATION_ACTIONS[action]
    if _who(actor, nomination) not in move.who:
        raise PermissionDenied(_("You may not do this to a nomination."))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status not in move.sources:
            raise NotAllowed(
                _("This is not possible while the nomination is “%(status)s”.")
                % {"status": locked.get_status_display()}, state=locked.status)
        from_status = locked.status
        locked.status = move.target
        fields = ["status", "updated_at"]
        if action in REJECTION_STAGE or move.target == N.WITHDRAWN:
            locked.status_reason = reason
            fields.append("status_reason")
        if action in REJECTION_STAGE:
            locked.rejected_stage = REJECTION_STAGE[action]
            fields.append("rejected_stage")
        locked.save(update_fields=fields)
        record(actor=actor, action=f"nomination.{action}", target=locked,
               data={"round": locked.round_id, "post": locked.post, "from": from_status,
                     "to": move.target, **(data or {})}, reason=reason)
    return locked


def round_actions(round_: NominationRound, actor) -> list[str]:
    return [m.action for m in ROUND_MOVES
            if round_.state in m.sources and ORGANIZER in m.who and is_organizer(actor)]


def transition_round(*, round_: NominationRound, action: str, actor,
                     reason: str = "") -> NominationRound:
    """Apply `action` to the round and return it. InvalidInput (unknown action),
    PermissionDenied, NotAllowed (409: not from this state, or a guard vetoed). A move
    whose target is the current state is a no-op."""
    from .services import notice

    move = ROUND_ACTIONS.get(action)
    if move is None:
        raise InvalidInput(_("Unknown action."), field="action")
    if _who(actor) not in move.who:
        raise PermissionDenied(_("You may not do this to a nomination round."))
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state == move.target:
            return locked
        if locked.state not in move.sources:
            raise NotAllowed(
                _("“%(action)s” is not possible while the round is “%(state)s”.") % {
                    "action": ROUND_ACTION_LABELS[action],
                    "state": locked.get_state_display()},
                state=locked.state)
        guard, effect = notice.ROUND_GUARDS.get(action), notice.ROUND_EFFECTS.get(action)
        prepared = guard(locked) if guard else None
        from_state = locked.state
        locked.state, locked.state_changed_at = move.target, timezone.now()
        locked.save(update_fields=["state", "state_changed_at", "updated_at"])
        if effect:
            effect(locked, actor, prepared)
        record(actor=actor, action=f"nomination_round.{action}", target=locked,
               data={"from": from_state, "to": move.target}, reason=reason)
    return locked
