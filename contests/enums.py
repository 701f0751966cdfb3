"""The contest and entry state enums, each with its named groups of states.

A group is attached to its enum after the class body (an Enum's members do not exist yet
inside its own body), so every rule that asks "is the contest in one of these states?"
reads `ContestState.ACCEPTS_ENTRIES`, never a tuple of its own. The transitions
themselves are tables in `contests/transitions.py` (contests) and
`contests/entry_transitions.py` (entries).
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class ContestState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("contest state", "Draft")
    REGISTRATION_OPEN = "registration_open", pgettext_lazy(
        "contest state", "Registration open"
    )
    REGISTRATION_CLOSED = "registration_closed", pgettext_lazy(
        "contest state", "Registration closed"
    )
    JUDGING = "judging", pgettext_lazy("contest state", "Judging")
    RESULTS_READY = "results_ready", pgettext_lazy("contest state", "Results ready")
    IN_NOTICE = "in_notice", pgettext_lazy("contest state", "In public notice")
    FINAL = "final", pgettext_lazy("contest state", "Final")
    CANCELLED = "cancelled", pgettext_lazy("contest state", "Cancelled")


S = ContestState
# The contest body (tracks, stages, rubric, tiers) may change.
S.EDITABLE = (S.DRAFT,)
S.ACCEPTS_ENTRIES = (S.REGISTRATION_OPEN,)
# Results have been published: they are public and frozen.
S.PUBLISHED = (S.IN_NOTICE, S.FINAL)
# Anonymous visitors see a contest from the moment registration opens.
S.PUBLIC = (
    S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED, S.JUDGING, S.RESULTS_READY, S.IN_NOTICE,
    S.FINAL,
)
# `cancel` is allowed from each of these.
S.BEFORE_FINAL = (
    S.DRAFT, S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED, S.JUDGING, S.RESULTS_READY,
    S.IN_NOTICE,
)
# Organizers qualify or reject entries, and workers withdraw them, while registration
# runs and until judging opens.
S.REVIEWS_ENTRIES = (S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED)
S.ALLOWS_WITHDRAWAL = (S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED)
# Panels may still change and judges may be added to them.
S.PANEL_EDITABLE = (S.DRAFT, S.REGISTRATION_OPEN, S.REGISTRATION_CLOSED, S.JUDGING)
# Assignments and conflicts only make sense once entries are qualified.
S.STAFFING = (S.REGISTRATION_CLOSED, S.JUDGING)
# Objective figures (exam, time used) are recorded around judging.
S.RECORDS_OBJECTIVE_SCORES = (S.REGISTRATION_CLOSED, S.JUDGING)
# Results (of any stage) can be computed or decided; published ones are frozen.
S.RESULTS_COMPUTABLE = (S.JUDGING, S.RESULTS_READY)
del S


class EntryStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("entry status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("entry status", "Submitted")
    QUALIFIED = "qualified", pgettext_lazy("entry status", "Qualified")
    REJECTED = "rejected", pgettext_lazy("entry status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("entry status", "Withdrawn")
    ADVANCED = "advanced", pgettext_lazy("entry status", "Advanced")
    ELIMINATED = "eliminated", pgettext_lazy("entry status", "Eliminated")


E = EntryStatus
# Count towards caps and block a second entry in the same contest.
E.ACTIVE = (E.DRAFT, E.SUBMITTED, E.QUALIFIED, E.ADVANCED, E.ELIMINATED)
# To be judged in their current stage.
E.JUDGEABLE = (E.QUALIFIED, E.ADVANCED)
# Ranked by a stage's results: judgeable, or eliminated by that stage.
E.RANKED = (E.QUALIFIED, E.ADVANCED, E.ELIMINATED)
# Left the contest: neither shown to judges nor scored, and their evidence is not served.
E.OUT_OF_CONTEST = (E.WITHDRAWN, E.REJECTED)
# Set by a stage's results; hidden from all but organizers until results are published.
E.STAGE_OUTCOME = (E.ADVANCED, E.ELIMINATED)
# The worker may still add or remove evidence.
E.ACCEPTS_EVIDENCE = (E.DRAFT, E.SUBMITTED)
del E
