"""Judge consistency, for organizers: how each judge scores compared with the panel, and how
much the panel agrees (Kendall's W). Works on raw (never normalised) submitted card totals
of one stage.

Per judge:
* `mean_total`, `sd_total`: mean and population SD of the judge's totals;
* `mean_deviation`: for each entry the judge scored that at least one other judge also
  scored, the judge's total minus the mean of the OTHER judges' totals on that entry,
  averaged over those entries (None when the judge shares no entry);
* flag: compare the judge's mean deviation with the other judges' mean deviations
  (leave-one-out, so an outlier does not widen the yardstick that measures it):
  `z = (own − mean(others)) / sample SD(others)`; flagged when |z| > 2. This needs at least
  two other judges with a mean deviation, otherwise z is None and nobody is flagged. When
  the others' deviations are all equal (SD 0), z is None and the judge is flagged iff their
  deviation differs from them.

Kendall's W (coefficient of concordance) over the entries scored by every judge of the
panel: each judge's totals are ranked (ties get the average rank), R_i is entry i's rank
sum, S = Σ (R_i − mean R)², T_j = Σ (t³ − t) over judge j's groups of t tied totals, and
`W = 12·S / (m²·(n³ − n) − m·Σ T_j)` for m judges and n entries. None when undefined:
fewer than 2 judges or 2 entries, or every judge tied every entry (denominator 0).

Figures are rounded half-up to four places.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .aggregation import mean, population_sd
from .normalisation import CardKey
from .primitives import Id, exact_sum, id_sort_key, precise, round_half_up

FLAG_THRESHOLD = Decimal(2)  # standard deviations
PLACES = 4


@dataclass(frozen=True)
class JudgeStats:
    judge_id: Id
    scorecards: int
    mean_total: Decimal
    sd_total: Decimal
    mean_deviation: Decimal | None  # vs the other judges on shared entries
    shared_entries: int  # entries counted in mean_deviation
    deviation_z: Decimal | None  # see module doc
    flagged: bool


@dataclass(frozen=True)
class ConsistencyReport:
    judges: tuple[JudgeStats, ...]  # by judge id
    kendalls_w: Decimal | None
    concordance_judges: tuple[Id, ...]  # the panel W is computed for
    concordance_entries: int  # entries scored by all of them


def judge_consistency(
    totals: Mapping[CardKey, Decimal], *, panel: Collection[Id] | None = None
) -> ConsistencyReport:
    """Per-judge statistics and Kendall's W for one stage's submitted card totals.

    `panel`: the judges W is computed for (default: every judge with a submitted card).
    """
    by_judge: dict[Id, dict[Id, Decimal]] = defaultdict(dict)
    for key, total in totals.items():
        by_judge[key.judge_id][key.entry_id] = total
    deviations = mean_deviations(totals)
    judges = tuple(
        _judge_stats(judge, by_judge[judge], deviations)
        for judge in sorted(by_judge, key=id_sort_key)
    )
    panel_judges = tuple(sorted(panel if panel is not None else by_judge, key=id_sort_key))
    common = _entries_scored_by_all(panel_judges, by_judge)
    ratings = {judge: {e: by_judge[judge][e] for e in common} for judge in panel_judges}
    return ConsistencyReport(
        judges=judges,
        kendalls_w=kendalls_w(ratings),
        concordance_judges=panel_judges,
        concordance_entries=len(common),
    )


def mean_deviations(totals: Mapping[CardKey, Decimal]) -> dict[Id, tuple[Decimal, int] | None]:
    """judge → (mean deviation from the other judges, entries counted), exact; None when
    no other judge scored any of the judge's entries."""
    by_entry: dict[Id, dict[Id, Decimal]] = defaultdict(dict)
    for key, total in totals.items():
        by_entry[key.entry_id][key.judge_id] = total
    differences: dict[Id, list[Decimal]] = {key.judge_id: [] for key in totals}
    with precise():
        for cards in by_entry.values():
            for judge, total in cards.items():
                others = [other_total for other, other_total in cards.items() if other != judge]
                if others:
                    differences[judge].append(total - mean(others))
    return {
        judge: (mean(values), len(values)) if values else None
        for judge, values in differences.items()
    }


def deviation_z(own: Decimal, others: Sequence[Decimal]) -> tuple[Decimal | None, bool]:
    """(z of `own` against the other judges' mean deviations, flagged); see module doc."""
    if len(others) < 2:
        return None, False
    centre = mean(others)
    with precise():
        spread = (exact_sum((x - centre) ** 2 for x in others) / (len(others) - 1)).sqrt()
        if spread == 0:
            return None, own != centre
        z = (own - centre) / spread
        return z, abs(z) > FLAG_THRESHOLD


def kendalls_w(ratings: Mapping[Id, Mapping[Id, Decimal]]) -> Decimal | None:
    """Kendall's W with tie correction; `ratings`: judge → entry → total, every judge rating
    the same entries. Rounded to four places; None when undefined (see module doc)."""
    judges = list(ratings)
    entries = sorted({e for by_entry in ratings.values() for e in by_entry}, key=id_sort_key)
    m, n = len(judges), len(entries)
    if m < 2 or n < 2:
        return None
    rank_sums = dict.fromkeys(entries, Fraction(0))
    tie_correction = 0
    for judge in judges:
        ranks, ties = average_ranks(ratings[judge])
        tie_correction += ties
        for entry, rank in ranks.items():
            rank_sums[entry] += rank
    mean_rank_sum = Fraction(m * (n + 1), 2)
    s = sum((total - mean_rank_sum) ** 2 for total in rank_sums.values())
    denominator = m * m * (n**3 - n) - m * tie_correction
    if denominator == 0:
        return None
    w = 12 * s / denominator
    with precise():
        return round_half_up(Decimal(w.numerator) / Decimal(w.denominator), PLACES)


def average_ranks(values: Mapping[Id, Decimal]) -> tuple[dict[Id, Fraction], int]:
    """Ascending ranks 1..n, tied values sharing the mean of their positions; and
    Σ (t³ − t) over the groups of t tied values."""
    groups: dict[Decimal, list[Id]] = defaultdict(list)
    for item, value in values.items():
        groups[value].append(item)
    ranks: dict[Id, Fraction] = {}
    below, ties = 0, 0
    for value in sorted(groups):
        size = len(groups[value])
        for item in groups[value]:
            ranks[item] = Fraction(2 * below + size + 1, 2)
        below += size
        ties += size**3 - size
    return ranks, ties


def _entries_scored_by_all(judges: Sequence[Id], by_judge: Mapping[Id, Mapping[Id, Decimal]]):
    if not judges:
        return []
    common = set.intersection(*(set(by_judge.get(judge, {})) for judge in judges))
    return sorted(common, key=id_sort_key)


def _judge_stats(
    judge: Id,
    totals: Mapping[Id, Decimal],
    deviations: Mapping[Id, tuple[Decimal, int] | None],
) -> JudgeStats:
    own = deviations[judge]
    z, flagged = None, False
    if own is not None:
        others = [d[0] for other, d in deviations.items() if other != judge and d is not None]
        z, flagged = deviation_z(own[0], others)
    values = list(totals.values())
    return JudgeStats(
        judge_id=judge,
        scorecards=len(values),
        mean_total=round_half_up(mean(values), PLACES),
        sd_total=round_half_up(population_sd(values), PLACES),
        mean_deviation=None if own is None else round_half_up(own[0], PLACES),
        shared_entries=0 if own is None else own[1],
        deviation_z=None if z is None else round_half_up(z, PLACES),
        flagged=flagged,
    )
