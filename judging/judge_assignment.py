"""Auto-assignment of judges to entries, as a pure function over plain ids.

Rules (DESIGN.md, "Judging integrity"): every entry gets `panel_size` distinct judges from
the pool; never a judge it forbids (same enterprise, declared conflict); judges' loads are
balanced, max − min ≤ 1 wherever the forbidden sets allow it.

Method:
1. feasibility: an entry needs `panel_size − kept` judges among the pool judges it allows
   and does not already have; a judge may take any number of entries, so the problem is
   feasible exactly when every entry has enough allowed judges. Otherwise `Infeasible`
   lists every entry that has too few;
2. greedy: entries most constrained first (fewest spare allowed judges), each taking the
   least-loaded allowed judges (ties broken by a seeded shuffle of the pool);
3. repair: while some judge's load exceeds another's by 2 or more and a chain of moves
   connects them (judge A gives an entry to B, who gives another to C, ... — each move to
   a judge the entry allows and does not yet have), shift one assignment along the chain.
   When no such chain exists the loads are optimal in the sense of Harvey et al. (2006),
   "Semi-matchings for bipartite graphs and load balancing": they minimise every Lp norm at
   once, so max − min ≤ 1 whenever any allocation achieves it.

Kept assignments (existing ones with scorecards) count towards loads and panels but are
never moved. Given the same inputs and seed the result is the same, whatever the input order.
"""

import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Id = int


def recused_judges(pool: Mapping[Id, Id | None], *, entry_enterprise: Id | None,
                   conflicted: Iterable[Id] = ()) -> frozenset[Id]:
    """Recusal (回避): the judges of `pool` (judge → enterprise) who may never judge the
    entry: those from the entry's worker's own enterprise, and those who declared a
    conflict with it. The one statement of the rule: auto-assignment and replacement."""
    same_enterprise = {
        judge for judge, enterprise in pool.items()
        if entry_enterprise is not None and enterprise == entry_enterprise
    }
    return frozenset(same_enterprise | set(conflicted))


@dataclass(frozen=True)
class EntrySlot:
    """An entry to staff: who it may not have, and who it already has (kept)."""

    entry_id: Id
    forbidden: frozenset[Id] = frozenset()
    kept: frozenset[Id] = frozenset()


@dataclass(frozen=True)
class Shortage:
    entry_id: Id
    needed: int
    available: int


class Infeasible(Exception):
    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__(
            "too few eligible judges for entries "
            + ", ".join(str(s.entry_id) for s in shortages)
        )


@dataclass
class AssignmentPlan:
    """New (entry, judge) pairs to create, and every pool judge's resulting load
    (kept + new)."""

    pairs: list[tuple[Id, Id]] = field(default_factory=list)
    loads: dict[Id, int] = field(default_factory=dict)

    @property
    def spread(self) -> int:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def plan_assignments(
    entries: Iterable[EntrySlot],
    judges: Iterable[Id],
    panel_size: int,
    *,
    seed: int = 0,
    kept_load: Mapping[Id, int] | None = None,
) -> AssignmentPlan:
    """Choose judges for every entry (see the module doc). `kept_load` is each pool judge's
    number of kept assignments in the stage (default: counted from the entries' `kept`)."""
    slots = sorted(entries, key=lambda s: s.entry_id)
    pool = sorted(set(judges))
    rng = random.Random(seed)
    _check_feasible(slots, pool, panel_size)

    if kept_load is None:
        kept_load = {}
        for slot in slots:
            for judge in slot.kept:
                kept_load[judge] = kept_load.get(judge, 0) + 1
    load = {judge: kept_load.get(judge, 0) for judge in pool}
    # Each judge's position in a seeded shuffle of the pool breaks ties in load.
    shuffled = pool[:]
    rng.shuffle(shuffled)
    tie = {judge: i for i, judge in enumerate(shuffled)}
    entry_tie = {slot.entry_id: rng.random() for slot in slots}

    allowed = {slot.entry_id: _allowed(slot, pool) for slot in slots}
    needs = {slot.entry_id: max(0, panel_size - len(slot.kept)) for slot in slots}
    chosen: dict[Id, set[Id]] = {slot.entry_id: set() for slot in slots}

    # Greedy: most constrained entry first.
    order = sorted(
        (s.entry_id for s in slots),
        key=lambda e: (len(allowed[e]) - needs[e], entry_tie[e], e),
    )
    for entry in order:
        candidates = sorted(allowed[entry], key=lambda j: (load[j], tie[j]))
        for judge in candidates[: needs[entry]]:
            chosen[entry].add(judge)
            load[judge] += 1

    _rebalance(chosen, allowed, load, tie)

    pairs = sorted((entry, judge) for entry, judges_ in chosen.items() for judge in judges_)
    return AssignmentPlan(pairs=pairs, loads=dict(sorted(load.items())))


def _allowed(slot: EntrySlot, pool: list[Id]) -> list[Id]:
    return [j for j in pool if j not in slot.forbidden and j not in slot.kept]


def _check_feasible(slots: list[EntrySlot], pool: list[Id], panel_size: int) -> None:
    shortages = []
    for slot in slots:
        needed = max(0, panel_size - len(slot.kept))
        available = len(_allowed(slot, pool))
        if available < needed:
            shortages.append(Shortage(slot.entry_id, needed, available))
    if shortages:
        raise Infeasible(shortages)


def _rebalance(
    chosen: dict[Id, set[Id]],
    allowed: dict[Id, list[Id]],
    load: dict[Id, int],
    tie: dict[Id, int],
) -> None:
    """Shift single assignments along improving chains until none is left."""
    allowed_sets = {entry: set(judges) for entry, judges in allowed.items()}
    while True:
        path = _improving_path(chosen, allowed_sets, load, tie)
        if path is None:
            return
        for entry, giver, taker in path:
            chosen[entry].remove(giver)
            chosen[entry].add(taker)
        load[path[0][1]] -= 1
        load[path[-1][2]] += 1


def _improving_path(chosen, allowed_sets, load, tie):
    """A chain of moves from a judge with load L to one with load ≤ L − 2, or None.

    Breadth-first from the most loaded judges; a move (entry, giver, taker) is possible when
    the giver holds a new assignment of the entry and the taker is allowed and not yet on it.
    """
    held: dict[Id, list[Id]] = {judge: [] for judge in load}
    for entry in sorted(chosen):
        for judge in chosen[entry]:
            held[judge].append(entry)
    by_load = sorted(load, key=lambda j: (-load[j], tie[j]))
    for start in by_load:
        if load[start] - min(load.values()) < 2:
            return None
        previous: dict[Id, tuple[Id, Id] | None] = {start: None}
        queue = deque([start])
        while queue:
            giver = queue.popleft()
            for entry in held[giver]:
                for taker in sorted(allowed_sets[entry], key=lambda j: (load[j], tie[j])):
                    if taker in previous or taker in chosen[entry]:
                        continue
                    previous[taker] = (giver, entry)
                    if load[taker] <= load[start] - 2:
                        return _unwind(previous, taker)
                    queue.append(taker)
    return None


def _unwind(previous, end):
    moves = []
    taker = end
    while previous[taker] is not None:
        giver, entry = previous[taker]
        moves.append((entry, giver, taker))
        taker = giver
    moves.reverse()
    return moves
