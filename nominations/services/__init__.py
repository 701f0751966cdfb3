"""Every write of the nomination pipeline. Import from here."""

from .consent import respond
from .nominations import propose_manual, withdraw
from .notice import finalize_due_rounds, promote, restart_round_notice
from .proposal import propose_from_contest, remove_revoked_award
from .quota import decide
from .reviews import recheck, review
from .rounds import create_round, update_round

__all__ = [
    "create_round", "decide", "finalize_due_rounds", "promote", "propose_from_contest",
    "propose_manual", "recheck", "remove_revoked_award", "respond", "restart_round_notice",
    "review", "update_round", "withdraw",
]
