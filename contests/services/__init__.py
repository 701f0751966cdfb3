"""Every write about contests, entries and evidence. Import from here."""

from ..transitions import transition_contest
from .attachments import add_attachment
from .deadlines import apply_deadlines
from .entries import (
    create_entry,
    review_entries,
    review_entry,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from .setup import create_contest, ensure_editable, update_contest

__all__ = [
    "add_attachment", "apply_deadlines", "create_contest", "create_entry", "ensure_editable",
    "review_entries", "review_entry", "submit_entry", "transition_contest", "update_contest",
    "update_entry", "withdraw_entry",
]
