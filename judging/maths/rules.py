"""A stage's scoring rules, as plain values (what the adapter reads from the Stage row)."""

from dataclasses import dataclass
from enum import StrEnum

from .aggregation import Aggregation
from .errors import ScoringInputError
from .ranking import TieBreakRule
from .tiers_and_advancement import Quota, TierRule


class Normalization(StrEnum):
    NONE = "none"
    ZSCORE = "zscore"


@dataclass(frozen=True)
class StageRules:
    """How a stage turns scorecards into results. A non-final stage sets `advancement`, a
    final stage sets `tiers` (best first); a stage with neither is only ranked."""

    aggregation: Aggregation = Aggregation.MEAN
    trim: int = 1  # trimmed_mean: drop this many highest and lowest totals
    normalize: Normalization = Normalization.NONE
    required_cards: int = 1  # the panel size: fewer submitted cards → incomplete
    tie_breaks: tuple[TieBreakRule, ...] = ()  # applied in order
    advancement: Quota | None = None
    tiers: tuple[TierRule, ...] = ()

    def __post_init__(self) -> None:
        if self.trim < 0 or self.required_cards < 0:
            raise ScoringInputError("trim and required_cards must not be negative",
                                    code="bad_rules")
        if self.advancement is not None and self.tiers:
            raise ScoringInputError("a stage either advances entries or awards tiers",
                                    code="bad_rules")
        tier_ids = [tier.id for tier in self.tiers]
        if len(tier_ids) != len(set(tier_ids)):
            raise ScoringInputError("tier ids must be unique", code="bad_rules")
