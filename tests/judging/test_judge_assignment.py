"""Judge allocation on random pools: recusal always holds, every entry gets its panel, the
load is balanced (max − min ≤ 1) whenever any allocation allows it, and infeasible pools
name every entry that lacks judges.

Whether a balanced allocation exists is decided independently of the code under test: it
is a bipartite flow problem (totally unimodular), so the LP relaxation solved by scipy is
feasible exactly when an integral allocation is.
"""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from judging.judge_assignment import EntrySlot, Infeasible, plan_assignments

pytestmark = pytest.mark.unit


@st.composite
def pools(draw, max_forbidden=3):
    judges = list(range(100, 100 + draw(st.integers(1, 9))))
    panel_size = draw(st.integers(1, min(5, len(judges))))
    entries = []
    for entry_id in range(1, draw(st.integers(0, 25)) + 1):
        forbidden = draw(st.sets(st.sampled_from(judges), max_size=max_forbidden))
        entries.append(EntrySlot(entry_id, frozenset(forbidden)))
    return entries, judges, panel_size


def _needs(slots, panel_size):
    return {s.entry_id: max(0, panel_size - len(s.kept)) for s in slots}


def balanced_allocation_exists(slots, judges, panel_size, kept_load=None) -> bool:
    """LP over x[entry, judge] ∈ [0, 1]: each entry gets its need; each judge's load
    (kept + new) lies in [m, m + 1] with m = ⌊total / judges⌋."""
    kept_load = kept_load or {}
    needs = _needs(slots, panel_size)
    pairs = [(s.entry_id, j) for s in slots for j in judges
             if j not in s.forbidden and j not in s.kept]
    total = sum(needs.values()) + sum(kept_load.get(j, 0) for j in judges)
    low = total // len(judges)
    if not pairs:
        return all(n == 0 for n in needs.values()) and all(
            low <= kept_load.get(j, 0) <= low + 1 for j in judges)
    index = {pair: i for i, pair in enumerate(pairs)}
    a_eq = np.zeros((len(slots), len(pairs)))
    for row, slot in enumerate(slots):
        for j in judges:
            if (slot.entry_id, j) in index:
                a_eq[row, index[(slot.entry_id, j)]] = 1
    b_eq = [needs[s.entry_id] for s in slots]
    a_ub, b_ub = [], []
    for j in judges:
        row = np.zeros(len(pairs))
        for (_e, jj), i in index.items():
            if jj == j:
                row[i] = 1
        a_ub.append(row)
        b_ub.append(low + 1 - kept_load.get(j, 0))
        a_ub.append(-row)
        b_ub.append(-(low - kept_load.get(j, 0)))
    result = linprog(np.zeros(len(pairs)), A_ub=np.array(a_ub), b_ub=b_ub,
                     A_eq=a_eq if len(slots) else None, b_eq=b_eq if len(slots) else None,
                     bounds=(0, 1), method="highs")
    return result.status == 0


def check_allocation(slots, judges, panel_size, allocation):
    by_entry = {}
    for entry, judge in allocation.pairs:
        by_entry.setdefault(entry, []).append(judge)
    for slot in slots:
        chosen = by_entry.get(slot.entry_id, [])
        assert len(chosen) == len(set(chosen)), "a judge twice on one entry"
        assert len(chosen) + len(slot.kept) == panel_size or (
            len(slot.kept) >= panel_size and not chosen)
        assert not set(chosen) & slot.forbidden, "a forbidden judge was assigned"
        assert not set(chosen) & slot.kept
        assert set(chosen) <= set(judges)
    loads = {j: sum(1 for s in slots if j in s.kept) for j in judges}
    for _entry, judge in allocation.pairs:
        loads[judge] += 1
    assert loads == allocation.loads


def expected_shortages(slots, judges, panel_size) -> dict:
    """Every entry with fewer allowed judges than it needs, worked out independently of the
    code under test: entry id → (needed, available)."""
    report = {}
    for slot in slots:
        needed = max(0, panel_size - len(slot.kept))
        available = len(set(judges) - slot.forbidden - slot.kept)
        if available < needed:
            report[slot.entry_id] = (needed, available)
    return report


def plan_or_report(slots, judges, panel_size, **options):
    """The plan when the pool allows one; otherwise assert that `Infeasible` reports exactly
    the short entries, with what each needs and has, and return None. Either way an
    example asserts something."""
    expected = expected_shortages(slots, judges, panel_size)
    try:
        plan = plan_assignments(slots, judges, panel_size, **options)
    except Infeasible as error:
        assert expected, "refused a feasible pool"
        assert {s.entry_id: (s.needed, s.available) for s in error.shortages} == expected
        assert [s.entry_id for s in error.shortages] == sorted(expected)
        return None
    assert not expected, f"planned an infeasible pool: {expected}"
    check_allocation(slots, judges, panel_size, plan)
    return plan


@settings(max_examples=300, deadline=None)
@given(pools(), st.integers(0, 2**32))
def test_random_pools_respect_recusal_and_balance_when_possible(pool, seed):
    slots, judges, panel_size = pool
    allocation = plan_or_report(slots, judges, panel_size, seed=seed)
    if allocation is None:
        return
    check_allocation(slots, judges, panel_size, allocation)
    if balanced_allocation_exists(slots, judges, panel_size):
        assert allocation.spread <= 1, allocation.loads


@settings(max_examples=150, deadline=None)
@given(pools(max_forbidden=6), st.integers(0, 2**32))
def test_heavy_recusal_still_balances_whenever_the_pool_allows(pool, seed):
    slots, judges, panel_size = pool
    allocation = plan_or_report(slots, judges, panel_size, seed=seed)
    if allocation is None:
        return
    check_allocation(slots, judges, panel_size, allocation)
    if balanced_allocation_exists(slots, judges, panel_size):
        assert allocation.spread <= 1, allocation.loads


def test_seeded_random_pools_with_kept_assignments():
    rng = random.Random(20261126)
    for _ in range(200):
        judges = list(range(1, rng.randint(3, 8) + 1))
        panel_size = rng.randint(1, min(4, len(judges)))
        slots, kept_load = [], dict.fromkeys(judges, 0)
        for entry_id in range(1, rng.randint(1, 20) + 1):
            kept = frozenset(rng.sample(judges, rng.randint(0, panel_size)))
            forbidden = frozenset(rng.sample(sorted(set(judges) - kept), rng.randint(0, 2))
                                  if len(judges) - len(kept) >= 2 else [])
            for j in kept:
                kept_load[j] += 1
            slots.append(EntrySlot(entry_id, forbidden, kept))
        allocation = plan_or_report(slots, judges, panel_size, seed=rng.randint(0, 99))
        if allocation is None:
            continue
        check_allocation(slots, judges, panel_size, allocation)
        for judge in judges:
            new = sum(1 for _e, j in allocation.pairs if j == judge)
            assert allocation.loads[judge] == kept_load[judge] + new
        if balanced_allocation_exists(slots, judges, panel_size, kept_load):
            assert allocation.spread <= 1


def test_same_seed_same_result_whatever_the_input_order():
    rng = random.Random(7)
    slots = [EntrySlot(i, frozenset(rng.sample(range(1, 8), 2))) for i in range(1, 30)]
    judges = list(range(1, 8))
    first = plan_assignments(slots, judges, 3, seed=42)
    shuffled = slots[:]
    rng.shuffle(shuffled)
    assert plan_assignments(shuffled, list(reversed(judges)), 3, seed=42).pairs == first.pairs
    assert plan_assignments(slots, judges, 3, seed=42).pairs == first.pairs


def test_infeasible_names_every_short_entry():
    slots = [
        EntrySlot(1, frozenset({1, 2})),  # 1 left of 3, needs 2
        EntrySlot(2, frozenset()),
        EntrySlot(3, frozenset({3})),  # 2 left, needs 2: fine
        EntrySlot(4, frozenset({1, 2, 3})),  # none left
    ]
    with pytest.raises(Infeasible) as caught:
        plan_assignments(slots, [1, 2, 3], 2)
    assert [(s.entry_id, s.needed, s.available) for s in caught.value.shortages] == [
        (1, 2, 1), (4, 2, 0)]


def test_a_lopsided_greedy_start_is_repaired():
    """Entries 1-4 can only go to judges 1 or 2; 5-8 to anyone. Balanced: 2 each."""
    slots = [EntrySlot(i, frozenset({3, 4})) for i in range(1, 5)]
    slots += [EntrySlot(i) for i in range(5, 9)]
    allocation = plan_assignments(slots, [1, 2, 3, 4], 1, seed=3)
    assert allocation.loads == {1: 2, 2: 2, 3: 2, 4: 2}


def test_when_balance_is_impossible_the_load_is_still_as_even_as_allowed():
    """Judge 4 may take no entry: the others share the work evenly."""
    slots = [EntrySlot(i, frozenset({4})) for i in range(1, 7)]
    allocation = plan_assignments(slots, [1, 2, 3, 4], 1)
    assert allocation.loads == {1: 2, 2: 2, 3: 2, 4: 0}
