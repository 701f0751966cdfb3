"""The shape every state machine's table shares: one `Move` per action.

Each machine (contests: `contests/transitions.py`; entries: `contests/entry_transitions.py`;
scorecards: `judging/scorecard_transitions.py`) is a tuple of moves and one function that
applies them: check the move is in the table and the actor is one who may make it, save
only the changed fields, write the audit events (and the machine's own history rows), a
no-op when a row is already where the move leads.
"""

from dataclasses import dataclass

ORGANIZER = "organizer"
WORKER = "worker"  # the entry's own worker
JUDGE = "judge"  # the scorecard's own judge
SYSTEM = "system"  # Celery beat, the results computation... (actor=None)


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str
    who: frozenset[str]
    refusal: str = ""  # the 409 message when the row is not in a source state
    # Fields that, with the state, say where the move leads (an entry advances INTO a
    # stage): a row already in the target state but elsewhere is moved again.
    keyed_by: tuple[str, ...] = ()


def move(action, sources, target, who, refusal="", keyed_by=()) -> Move:
    return Move(action, frozenset(sources), target, frozenset(who), refusal, tuple(keyed_by))

