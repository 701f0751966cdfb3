"""Per-judge z-score normalisation (`normalize = zscore`).

For panels where judges saw different subsets of entries, a harsh or lenient judge should
not decide who wins. Rule, over the SUBMITTED scorecard totals of one stage (all tracks):

1. each judge's totals become z-scores against that judge's own mean and population SD:
   `z = (t − mean_judge) / sd_judge`;
2. each z is mapped back onto the stage-wide scale: `t' = mean_stage + sd_stage · z`, where
   mean_stage and sd_stage (population SD) are over all submitted totals of the stage.

A judge whose SD is 0 (they scored a single entry, or gave every entry the same total) has
told us nothing about how entries compare on their scale: every z of theirs is 0, so their
totals become the stage mean. The stage's aggregation is then applied to the `t'` values.
"""

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from .aggregation import mean, population_sd
from .primitives import ZERO, Id, precise


class CardKey(NamedTuple):
    """Identifies one scorecard: one judge's card for one entry in the stage."""

    entry_id: Id
    judge_id: Id


def zscore_normalise(totals: Mapping[CardKey, Decimal]) -> dict[CardKey, Decimal]:
    """Return each card's total re-expressed on the stage-wide scale (see module doc)."""
    if not totals:
        return {}
    stage_mean = mean(list(totals.values()))
    stage_sd = population_sd(list(totals.values()))
    by_judge: dict[Id, list[Decimal]] = defaultdict(list)
    for key, total in totals.items():
        by_judge[key.judge_id].append(total)
    judge_scale = {
        judge: (mean(values), population_sd(values)) for judge, values in by_judge.items()
    }
    normalised = {}
    with precise():
        for key, total in totals.items():
            judge_mean, judge_sd = judge_scale[key.judge_id]
            z = (total - judge_mean) / judge_sd if judge_sd > 0 else ZERO
            normalised[key] = stage_mean + stage_sd * z
    return normalised
