"""The scorecard state enum and its named groups (its transition table: see README)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ScorecardState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("scorecard state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("scorecard state", "Submitted")
    REOPENED = "reopened", pgettext_lazy("scorecard state", "Reopened")


# A judge may still change the scores (attached after the body: see contests/enums.py).
ScorecardState.EDITABLE = (ScorecardState.DRAFT, ScorecardState.REOPENED)
