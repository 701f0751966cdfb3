"""What the owner of an entry may do with it now, read from the same tables and states the
entry services enforce (`entry_transitions`, `services.attachments`), so a page shows only
the buttons that will work. The services still decide: this is a preview, not a guard."""

from dataclasses import dataclass

from .entry_transitions import ENTRY_MOVES
from .models import Contest, Entry
from .services.entries import registration_is_open


@dataclass(frozen=True)
class EntryActions:
    edit: bool      # statement, track, removing evidence: drafts only
    upload: bool
    submit: bool
    withdraw: bool


def entry_actions(entry: Entry, contest: Contest, now=None) -> EntryActions:
    status = getattr(entry, "visible_status", entry.status)
    open_ = registration_is_open(contest, now)
    return EntryActions(
        edit=open_ and status == Entry.Status.DRAFT,
        upload=open_ and status in Entry.Status.ACCEPTS_EVIDENCE,
        submit=open_ and status in ENTRY_MOVES["submit"].sources,
        withdraw=(contest.state in Contest.State.ALLOWS_WITHDRAWAL
                  and status in ENTRY_MOVES["withdraw"].sources),
    )
