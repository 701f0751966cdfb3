"""Judging data: panels, assignments, conflicts, scorecards, objective scores, results.

Single-row invariants and the uniqueness rules live here, enforced by the database:
one assignment per (stage, entry, judge), one scorecard per assignment (hence per judge,
entry and stage), one score per (scorecard, criterion), one objective score per (entry,
criterion), one result set per stage. Rules that span rows are in `judging/services/`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import ScorecardState

SCORE_DIGITS = {"max_digits": 7, "decimal_places": 2}
# Stage scores are weighted sums of scores: room for large weights and many criteria.
RESULT_DIGITS = {"max_digits": 14, "decimal_places": 2}


class PanelMember(models.Model):
    """A judge on the panel of a stage: the pool auto-assignment draws from."""

    stage = models.ForeignKey(
        "contests.Stage", verbose_name=_("stage"), on_delete=models.CASCADE,
        related_name="panel_members",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT,
        related_name="panel_memberships",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["stage", "judge"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["stage", "judge"], name="unique_panel_member"),
        ]

    def __str__(self):
        return f"{self.stage} · {self.judge}"


class Assignment(models.Model):
    """One judge is to score one entry in one stage."""

    stage = models.ForeignKey(
        "contests.Stage", verbose_name=_("stage"), on_delete=models.CASCADE,
        related_name="assignments",
    )
    entry = models.ForeignKey(
        "contests.Entry", verbose_name=_("entry"), on_delete=models.CASCADE,
        related_name="assignments",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT,
        related_name="assignments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["stage", "entry", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "entry", "judge"], name="unique_assignment"
            ),
        ]
        indexes = [models.Index(fields=["judge", "stage"])]

    def __str__(self):
        return f"{self.stage} · {self.entry} · {self.judge}"


class Conflict(models.Model):
    """A judge's declared conflict of interest (回避) with an entry: never assigned to it."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.CASCADE,
        related_name="conflicts",
    )
    entry = models.ForeignKey(
        "contests.Entry", verbose_name=_("entry"), on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["-declared_at", "id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="unique_conflict"),
        ]

    def __str__(self):
        return f"{self.judge} ⟂ {self.entry}"


class Scorecard(models.Model):
    """A judge's scores for one entry in one stage. One per assignment, hence one per
    (stage, entry, judge): the database refuses a second."""

    State = ScorecardState  # states and their named groups (judging/enums.py)

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT,
        related_name="scorecard",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Bumped by every write (save, submit, reopen); audit events carry it.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="submitted", submitted_at__isnull=False)
                | ~Q(state="submitted"),
                name="submitted_scorecard_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} ({self.state})"

    @property
    def is_editable(self) -> bool:
        return self.state in self.State.EDITABLE


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "contests.Criterion", verbose_name=_("criterion"), on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("score"), **SCORE_DIGITS)

    class Meta:
        ordering = ["scorecard", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="unique_score"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ObjectiveScore(models.Model):
    """A figure recorded once per entry by an organizer (theory exam, time used)."""

    entry = models.ForeignKey(
        "contests.Entry", verbose_name=_("entry"), on_delete=models.CASCADE,
        related_name="objective_scores",
    )
    criterion = models.ForeignKey(
        "contests.Criterion", verbose_name=_("criterion"), on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("score"), **SCORE_DIGITS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["entry", "criterion"]
        verbose_name = _("objective score")
        verbose_name_plural = _("objective scores")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "criterion"], name="unique_objective_score"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="objective_score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.criterion}: {self.value}"


class ResultSet(models.Model):
    """The computed results of one stage. Recomputing replaces it in place."""

    stage = models.OneToOneField(
        "contests.Stage", verbose_name=_("stage"), on_delete=models.CASCADE,
        related_name="result_set",
    )
    computed_at = models.DateTimeField(_("computed at"))
    checksum = models.CharField(_("checksum"), max_length=64)
    publishable = models.BooleanField(_("publishable"), default=False)
    # [{"id", "code", "scorecards", "required", "missing_objective"}]: cannot be scored yet.
    incomplete_entries = models.JSONField(_("incomplete entries"), default=list, blank=True)
    needs_decision = models.BooleanField(_("a tie needs a decision"), default=False)
    # Recorded decisions that no longer match an open tie (e.g. after a reopened card).
    ignored_decisions = models.JSONField(_("ignored decisions"), default=list, blank=True)
    computations = models.PositiveIntegerField(_("times computed"), default=0)
    # Set when judging closes again (after a reopening): a recomputation is queued, and
    # these figures may no longer match the scorecards. Cleared by the computation.
    stale = models.BooleanField(_("being recomputed"), default=False)

    class Meta:
        ordering = ["stage"]
        verbose_name = _("result set")
        verbose_name_plural = _("result sets")

    def __str__(self):
        return f"{self.stage} @ {self.computed_at:%Y-%m-%d %H:%M}"


class ResultRow(models.Model):
    # No index of its own: `unique_result_row` (result set, entry) serves every lookup by
    # result set (EXPLAIN: the planner picks it when this one is gone), and each index costs
    # 10,000 insertions when a large stage's rows are replaced.
    result_set = models.ForeignKey(
        ResultSet, verbose_name=_("result set"), on_delete=models.CASCADE, related_name="rows",
        db_index=False,
    )
    entry = models.ForeignKey(
        "contests.Entry", verbose_name=_("entry"), on_delete=models.CASCADE,
        related_name="result_rows",
    )
    # Null for an incomplete entry: it has no score yet, so no rank.
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    stage_score = models.DecimalField(_("stage score"), null=True, blank=True, **RESULT_DIGITS)
    judged_score = models.DecimalField(
        _("judged score"), null=True, blank=True, **RESULT_DIGITS
    )
    objective_score = models.DecimalField(
        _("objective score"), null=True, blank=True, **RESULT_DIGITS
    )
    # {"<criterion id>": "8.50"}: each criterion's aggregate, as used by the tie-breaks.
    criterion_aggregates = models.JSONField(_("criterion aggregates"), default=dict)
    scorecards = models.PositiveIntegerField(_("submitted scorecards"), default=0)
    incomplete = models.BooleanField(_("incomplete"), default=False)
    tier = models.ForeignKey(
        "contests.Tier", verbose_name=_("award"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    needs_decision = models.BooleanField(_("needs a decision"), default=False)
    # The tier ids an undecided tie spans (null: no tier); what a decision may choose from.
    tier_choices = models.JSONField(_("tiers the tie spans"), default=list, blank=True)
    decided = models.BooleanField(_("placed by a decision"), default=False)
    advanced = models.BooleanField(_("advanced"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["result_set", "position"]
        verbose_name = _("result row")
        verbose_name_plural = _("result rows")
        constraints = [
            models.UniqueConstraint(fields=["result_set", "entry"], name="unique_result_row"),
        ]

    def __str__(self):
        return f"{self.rank or '-'}. {self.entry}"


class TierDecision(models.Model):
    """An organizer's recorded decision for a tie straddling a tier's quota boundary:
    the listed entries receive `tier` (None: no tier); with `widen`, the whole tie at the
    end of `tier` in the entries' tracks receives it, beyond its quota. Later decisions
    about the same entry win."""

    stage = models.ForeignKey(
        "contests.Stage", verbose_name=_("stage"), on_delete=models.CASCADE,
        related_name="tier_decisions",
    )
    tier = models.ForeignKey(
        "contests.Tier", verbose_name=_("award"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
        help_text=_("Empty: the listed entries receive no award from this tie."),
    )
    entries = models.ManyToManyField(
        "contests.Entry", verbose_name=_("entries"), related_name="tier_decisions"
    )
    widen = models.BooleanField(_("widen the tier for the whole tie"), default=False)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["stage", "decided_at", "id"]
        verbose_name = _("tier decision")
        verbose_name_plural = _("tier decisions")

    def __str__(self):
        return f"{self.stage}: {self.tier}"
