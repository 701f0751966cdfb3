"""The scorecard state machine: one table, one function that moves one card or many.

    draft → submitted; submitted → reopened (an organizer, with a reason) → submitted.

Saving scores is not a move (a draft or reopened card stays editable); `save_scorecard`
saves the figures and asks for `submit`. A submitted card is never edited in place:
reopening writes its figures into the audit event first. `transition_scorecards` writes
in a fixed number of queries whatever the number of cards (one UPDATE, one audit INSERT).
"""

from collections.abc import Callable, Sequence

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Pending, record_many
from core.errors import NotAllowed, PermissionDenied
from core.permissions import is_judge, is_organizer
from core.state_machines import JUDGE, ORGANIZER, Move, move

from .models import Scorecard

St = Scorecard.State

SCORECARD_TRANSITIONS: tuple[Move, ...] = (
    move("submit", St.EDITABLE, St.SUBMITTED, [JUDGE], _("This scorecard has been submitted.")),
    move("reopen", [St.SUBMITTED], St.REOPENED, [ORGANIZER],
         _("Only a submitted scorecard can be reopened.")),
)
SCORECARD_MOVES: dict[str, Move] = {m.action: m for m in SCORECARD_TRANSITIONS}
AUDIT_ACTIONS = {"submit": "scorecard.submitted", "reopen": "scorecard.reopened"}


def _check_who(move: Move, actor, cards: Sequence[Scorecard]) -> None:
    if is_organizer(actor):
        allowed = ORGANIZER in move.who
    else:
        allowed = (JUDGE in move.who and is_judge(actor)
                   and all(c.assignment.judge_id == actor.pk for c in cards))
    if not allowed:
        raise PermissionDenied(_("You may not do this to this scorecard."))


def transition_scorecards(*, cards: Sequence[Scorecard], action: str, actor, reason: str = "",
                          audit_data: Callable[[Scorecard], dict]) -> list[Scorecard]:
    """Apply `action` to `cards` (locked by the caller). `audit_data(card)` is each card's
    event data, taken before the move (so a reopened card's event keeps what was
    submitted). Cards already in the target state are left alone; any other card not in a
    source state refuses the whole call (409, nothing written). Returns the cards moved."""
    move = SCORECARD_MOVES[action]
    _check_who(move, actor, cards)
    moving = [c for c in cards if c.state != move.target]
    refused = next((c for c in moving if c.state not in move.sources), None)
    if refused is not None:
        raise NotAllowed(move.refusal, state=refused.state)
    if not moving:
        return []
    events = [Pending(AUDIT_ACTIONS[action], card, audit_data(card), reason) for card in moving]
    now = timezone.now()
    submitted_at = now if move.target == St.SUBMITTED else None
    Scorecard.objects.filter(pk__in=[c.pk for c in moving]).update(
        state=move.target, submitted_at=submitted_at, version=F("version") + 1, updated_at=now
    )
    for card in moving:
        card.state, card.submitted_at, card.updated_at = move.target, submitted_at, now
        card.version += 1
    record_many(actor=actor, events=events)
    return moving
