"""Errors raised by the scoring maths. They carry codes, not translated text: the service
layer maps them to domain errors (a 400 naming the criterion) with translated messages."""

from .primitives import Id


class ScoringInputError(ValueError):
    """The inputs are inconsistent (unknown entry, duplicate scorecard, bad rules...).

    `code` is a stable machine-readable reason; the message is English, for logs.
    """

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        self.code = code
        super().__init__(message)


class ScoreError(ScoringInputError):
    """A score is not acceptable for a criterion.

    `criterion` is the criterion's id; `code` is one of:
    `not_a_number`, `negative`, `above_maximum`, `too_many_decimals`, `missing`,
    `unknown_criterion`, `wrong_kind` (a judged score recorded as objective or vice versa).
    """

    def __init__(self, criterion: Id, code: str, message: str) -> None:
        self.criterion = criterion
        super().__init__(f"criterion {criterion!r}: {message}", code=code)
