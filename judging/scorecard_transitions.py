"""The scorecard state machine: one table, one function that moves one card or many.

    draft → submitted; submitted → reopened (an organizer, with a reason) → submitted.

Saving scores is not a move (a draft or reopened card stays editable); `save_scorecard`
saves the figures and asks for `submit` (`move_card_being_saved`: the move is made in
memory and written with the figures, one statement for the card). A submitted card is
never edited in place: reopening writes its figures into the audit event first.
`transition_scorecards` writes in a fixed number of queries whatever the number of cards
(one UPDATE, and the audit for each judge whose cards move). Every move is audited in the
stream of the card's judge in its contest (`contest:<id>:judge:<id>`), so judges scoring
at the same time never wait on one audit head.
"""

from collections.abc import Callable, Sequence

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Pending, judge_stream, record_many
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


def _moving(move: Move, actor, cards: Sequence[Scorecard]) -> list[Scorecard]:
    """The cards `move` changes (the others are already in its target state); refuses the
    whole call (409) when one is in no source state, or when the actor may not make it."""
    _check_who(move, actor, cards)
    moving = [c for c in cards if c.state != move.target]
    refused = next((c for c in moving if c.state not in move.sources), None)
    if refused is not None:
        raise NotAllowed(move.refusal, state=refused.state)
    return moving


def _judges_of(cards: Sequence[Scorecard]) -> dict[int, int]:
    """Each card's judge: from its assignment when loaded with it, else one query for all
    the others (never one per card)."""
    judge_of = {c.pk: c.assignment.judge_id for c in cards
                if Scorecard.assignment.is_cached(c)}
    missing = [c.pk for c in cards if c.pk not in judge_of]
    if missing:
        judge_of.update(Scorecard.objects.filter(pk__in=missing).order_by()
                        .values_list("pk", "assignment__judge_id"))
    return judge_of


def _apply(move: Move, card: Scorecard, now) -> None:
    card.state, card.updated_at = move.target, now
    card.submitted_at = now if move.target == St.SUBMITTED else None
    card.version += 1


def move_card_being_saved(*, card: Scorecard, action: str, actor,
                          audit_data: Callable[[Scorecard], dict]) -> Pending | None:
    """Apply `action` to one card the caller is about to write (a new card, or one saved
    with the judge's other changes in the same statement): the same table and checks as
    `transition_scorecards`, the move made in memory only (state, submitted_at, version).
    Returns the move's audit event, for the caller to record with the write's own events
    in the stream of the card's judge; None when the card is already in the target state."""
    move = SCORECARD_MOVES[action]
    if not _moving(move, actor, [card]):
        return None
    event = Pending(AUDIT_ACTIONS[action], card, audit_data(card))
    _apply(move, card, timezone.now())
    return event


def transition_scorecards(*, cards: Sequence[Scorecard], action: str, actor, contest_id,
                          reason: str = "",
                          audit_data: Callable[[Scorecard], dict]) -> list[Scorecard]:
    """Apply `action` to `cards` (locked by the caller, all of contest `contest_id`, whose
    audit stream records the moves). `audit_data(card)` is each card's event data, taken
    before the move (so a reopened card's event keeps what was submitted). Cards already
    in the target state are left alone; any other card not in a source state refuses the
    whole call (409, nothing written). Returns the cards moved."""
    move = SCORECARD_MOVES[action]
    moving = _moving(move, actor, cards)
    if not moving:
        return []
    events = [Pending(AUDIT_ACTIONS[action], card, audit_data(card), reason) for card in moving]
    now = timezone.now()
    Scorecard.objects.filter(pk__in=[c.pk for c in moving]).update(
        state=move.target, submitted_at=now if move.target == St.SUBMITTED else None,
        version=F("version") + 1, updated_at=now,
    )
    for card in moving:
        _apply(move, card, now)
    judge_of = _judges_of(moving)
    by_stream: dict[str, list[Pending]] = {}
    for card, event in zip(moving, events, strict=True):
        stream = judge_stream(contest_id, judge_of[card.pk])
        by_stream.setdefault(stream, []).append(event)
    for stream in sorted(by_stream):  # heads locked in one order: no deadlock between moves
        record_many(actor=actor, events=by_stream[stream], stream=stream)
    return moving
