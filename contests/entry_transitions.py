"""The entry state machine: one table, one function that moves one entry or many.

    draft → submitted → qualified | rejected(reason); withdrawn by the worker before judging;
    each stage's results mark a judged entry advanced (into the next stage) or eliminated.

`transition_entries` is the only code that changes `Entry.status`. Whatever the number of
entries it writes in a fixed number of queries: one UPDATE per call, the entries' history
rows (`EntryDecision`) in one INSERT, their audit events in one INSERT. The contest-level
rules of a move (registration open, review period, eligibility) stay with the service that
asks for it (`contests/services/entries.py`, `judging/services/results.py`).
"""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Pending, record_many
from core.errors import NotAllowed, PermissionDenied
from core.permissions import is_organizer
from core.state_machines import ORGANIZER, SYSTEM, WORKER, Move, move

from .models import Entry, EntryDecision

St = Entry.Status

# action, from-statuses, to-status, who may make it, the refusal.
ENTRY_TRANSITIONS: tuple[Move, ...] = (
    move("submit", [St.DRAFT], St.SUBMITTED, [WORKER, ORGANIZER],
         _("Only a draft entry can be submitted.")),
    move("qualify", [St.SUBMITTED], St.QUALIFIED, [ORGANIZER],
         _("Only a submitted entry can be qualified.")),
    move("reject", [St.SUBMITTED, St.QUALIFIED], St.REJECTED, [ORGANIZER],
         _("Only a submitted or qualified entry can be rejected.")),
    move("withdraw", [St.DRAFT, St.SUBMITTED, St.QUALIFIED], St.WITHDRAWN, [WORKER],
         _("This entry can no longer be withdrawn.")),
    # Set by a stage's results, computed by the system or on an organizer's decision; a
    # recomputation may turn one into the other.
    move("advance", St.RANKED, St.ADVANCED, [SYSTEM, ORGANIZER],
         _("Only a judged entry can advance."), keyed_by=["stage_id"]),
    move("eliminate", St.RANKED, St.ELIMINATED, [SYSTEM, ORGANIZER],
         _("Only a judged entry can be eliminated."), keyed_by=["stage_id"]),
)
ENTRY_MOVES: dict[str, Move] = {m.action: m for m in ENTRY_TRANSITIONS}


def _check_who(move: Move, actor, entries: Sequence[Entry]) -> None:
    if actor is None:
        allowed = SYSTEM in move.who
    elif is_organizer(actor):
        allowed = ORGANIZER in move.who
    else:
        allowed = WORKER in move.who and all(e.worker_id == actor.pk for e in entries)
    if not allowed:
        raise PermissionDenied(_("You may not do this to this entry."))


def _already_there(entry: Entry, move: Move, changes: dict) -> bool:
    return entry.status == move.target and all(
        getattr(entry, field) == changes.get(field) for field in move.keyed_by
    )


def transition_entries(*, entries: Sequence[Entry], action: str, actor, reason: str = "",
                       **changes) -> list[Entry]:
    """Apply `action` to `entries` (loaded, and locked by the caller where it matters),
    setting `changes` (e.g. `reviewed_by=...`, `stage_id=...`) on those that move.

    Entries already where the move leads are left alone (a no-op); any other entry not in
    a source status refuses the whole call (409, nothing written). Returns the entries
    that moved, updated in memory. `actor=None` is the system."""
    move = ENTRY_MOVES[action]
    _check_who(move, actor, entries)
    moving = [e for e in entries if not _already_there(e, move, changes)]
    refused = next((e for e in moving if e.status not in move.sources), None)
    if refused is not None:
        raise NotAllowed(move.refusal, state=refused.status)
    if not moving:
        return []
    now = timezone.now()
    Entry.objects.filter(pk__in=[e.pk for e in moving]).update(
        status=move.target, updated_at=now, **changes
    )
    EntryDecision.objects.bulk_create([
        EntryDecision(entry=e, action=action, status=move.target, reason=reason, actor=actor)
        for e in moving
    ])
    record_many(actor=actor, events=[
        Pending(f"entry.{action}", e, _audit_data(e, move, changes), reason) for e in moving
    ])
    for entry in moving:
        entry.status, entry.updated_at = move.target, now
        for field, value in changes.items():
            setattr(entry, field, value)
    return moving


def transition_entry(*, entry: Entry, action: str, actor, reason: str = "",
                     **changes) -> bool:
    """`transition_entries` for one entry; False when it already was where `action` leads."""
    return bool(transition_entries(entries=[entry], action=action, actor=actor,
                                   reason=reason, **changes))


def _audit_data(entry: Entry, move: Move, changes: dict) -> dict:
    data = {"from": entry.status, "to": move.target, "contest": entry.contest_id}
    data.update({field.removesuffix("_id"): changes[field] for field in move.keyed_by})
    return data
