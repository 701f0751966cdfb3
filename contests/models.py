"""Contests, their structure (tracks, stages, rubric, tiers), and entries.

Rules that span rows (state transitions, eligibility, validation of a whole contest) live in
`contests/services.py`; the models hold data and single-row invariants.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import validation
from .enums import ContestState, EntryStatus

ENTRY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on site


def _raise_problems(problems: validation.Problems) -> None:
    """Turn `(field, message)` pairs into the ValidationError that forms and admin show."""
    if problems:
        errors: dict[str, list] = {}
        for field, message in problems:
            errors.setdefault(field.split(".")[0].split("[")[0], []).append(message)
        raise ValidationError(errors)


def new_entry_code() -> str:
    """Random, non-sequential code (加密号) shown to judges in blind contests."""
    return "".join(secrets.choice(ENTRY_CODE_ALPHABET) for _ in range(8))


class Contest(models.Model):
    class Kind(models.TextChoices):
        SKILLS = "skills", _("Labour skills contest")
        AWARD = "award", _("Award selection")

    State = ContestState  # states and their named groups (contests/enums.py)

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    # A list of accounts.models.Industry values; a handful of contests, so filtered in Python.
    industries = models.JSONField(_("industries"), default=list)
    blind = models.BooleanField(_("blind judging"), default=False)
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    judging_closes = models.DateTimeField(_("judging closes"))
    notice_days = models.PositiveSmallIntegerField(_("notice working days"), default=5)

    # Eligibility rules; None means "no rule".
    min_years = models.DecimalField(
        _("minimum years in the industry"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    union_member_required = models.BooleanField(_("union membership required"), default=False)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    max_nominees_per_enterprise = models.PositiveSmallIntegerField(
        _("nominees per enterprise (cap)"), null=True, blank=True
    )

    state = models.CharField(
        _("state"), max_length=30, choices=State.choices, default=State.DRAFT, db_index=True
    )
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    issuer = models.ForeignKey(
        "accounts.TradeUnion", verbose_name=_("issuing union"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "-registration_opens", "id"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def __str__(self):
        return self.title

    def clean(self):
        _raise_problems(
            validation.industry_problems(self.industries)
            + validation.deadline_problems(
                self.registration_opens, self.registration_closes, self.judging_closes
            )
            + validation.eligibility_problems(
                min_years=self.min_years, min_age=self.min_age, max_age=self.max_age,
                max_nominees_per_enterprise=self.max_nominees_per_enterprise,
            )
        )

    @property
    def is_editable(self) -> bool:
        return self.state in self.State.EDITABLE


class Track(models.Model):
    """A category of a contest (e.g. "safe riding"), ranked separately."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["contest", "position", "id"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="unique_track_name"),
        ]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """A round of judging (初赛, 复赛, 决赛/终评), with its rubric and aggregation."""

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Mean")
        MEDIAN = "median", _("Median")
        TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (drop highest and lowest)")

    class Normalize(models.TextChoices):
        NONE = "none", pgettext_lazy("normalisation", "None")
        ZSCORE = "zscore", _("Per-judge z-score")

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    aggregation = models.CharField(
        _("aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    trim = models.PositiveSmallIntegerField(_("trim"), default=1)
    normalize = models.CharField(
        _("normalisation"), max_length=10, choices=Normalize.choices, default=Normalize.NONE
    )
    panel_size = models.PositiveSmallIntegerField(_("judges per entry"), default=5)
    # Advancement of a non-final stage: top N or top P% per track (one of them).
    advance_top = models.PositiveIntegerField(_("advance top N"), null=True, blank=True)
    advance_percent = models.PositiveSmallIntegerField(
        _("advance top %"), null=True, blank=True
    )

    class Meta:
        ordering = ["contest", "position", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return self.name

    def clean(self):
        _raise_problems(validation.panel_problems(
            aggregation=self.aggregation, trim=self.trim, panel_size=self.panel_size
        ))


class Criterion(models.Model):
    class Kind(models.TextChoices):
        JUDGED = "judged", _("Scored by each judge")
        OBJECTIVE = "objective", _("Recorded once per entry")

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=100)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=4, default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.JUDGED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["stage", "name"], name="unique_criterion_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        _raise_problems(
            validation.criterion_problems(max_score=self.max_score, weight=self.weight)
        )


class TieBreak(models.Model):
    class Order(models.TextChoices):
        DESC = "desc", _("Higher first")
        ASC = "asc", _("Lower first")

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="tie_breaks"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.CharField(_("order"), max_length=4, choices=Order.choices, default=Order.DESC)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        verbose_name = _("tie-break")
        verbose_name_plural = _("tie-breaks")

    def __str__(self):
        return f"{self.criterion} {self.order}"


class Tier(models.Model):
    """An award level (一等奖, 先锋骑手...), filled in order with a quota per track."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="tiers"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # One of the two: a count per track, or a share of the track's entries (rounded down).
    quota = models.PositiveIntegerField(_("quota (count per track)"), null=True, blank=True)
    quota_percent = models.PositiveSmallIntegerField(
        _("quota (percent of the track's entries)"), null=True, blank=True
    )

    class Meta:
        ordering = ["contest", "position", "id"]
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")

    def __str__(self):
        return self.name

    def clean(self):
        _raise_problems(
            validation.tier_problems(quota=self.quota, quota_percent=self.quota_percent)
        )


class Entry(models.Model):
    Status = EntryStatus  # statuses and their named groups (contests/enums.py)

    class Source(models.TextChoices):
        SELF = "self", _("Applied by the worker")
        UNION = "union", _("Nominated by a union")
        ENTERPRISE = "enterprise", _("Nominated by an enterprise")

    # Indexes: every one is written again when an entry's indexed column changes (computing
    # a final stage's results gives thousands of entries their tier at once), so none that
    # another already provides. The contest has no index of its own (the (contest, status)
    # index serves it); the code's uniqueness and the status index are declared in Meta, so
    # PostgreSQL gets no `varchar_pattern_ops` copies of them (nothing matches them by LIKE).
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries",
        db_index=False,
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="entries"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.PROTECT,
        related_name="entries",
    )
    code = models.CharField(_("entry code"), max_length=12, default=new_entry_code)
    statement = models.TextField(_("statement of deeds"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.SELF
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The stage the entry is in (set when judging starts and on advancement).
    stage = models.ForeignKey(
        Stage, verbose_name=_("current stage"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="entries",
    )
    # The award won at the final stage, once results are computed. Not indexed, so that
    # computing the final stage gives thousands of entries their tier by HOT updates (a new
    # row version on the same page, no index written; PostgreSQL cannot do that once any
    # index holds the column), helped by the table's fillfactor (migration `contests 0005`).
    # Nothing lists entries by tier (a tier's results are read from its result rows); only
    # deleting a tier, possible while the contest is a draft, scans the entries for it.
    tier = models.ForeignKey(
        Tier, verbose_name=_("award"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="entries", db_index=False,
    )
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["contest", "track", "created_at", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            # One live entry per worker and contest; a withdrawn or rejected one may be redone.
            models.UniqueConstraint(
                fields=["contest", "worker"],
                condition=~Q(status__in=["withdrawn", "rejected"]),
                name="one_live_entry_per_worker",
            ),
            models.UniqueConstraint(fields=["code"], name="unique_entry_code"),
        ]
        indexes = [
            models.Index(fields=["contest", "status"]),
            models.Index(fields=["status"], name="contests_entry_status"),
        ]

    def __str__(self):
        return self.code


class EntryDecision(models.Model):
    """One step in an entry's history (submitted, qualified, rejected with a reason...),
    shown to the worker as the entry's decisions. Written by the service that moves it."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(_("action"), max_length=20)
    status = models.CharField(_("resulting status"), max_length=20, choices=Entry.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "created_at", "id"]
        verbose_name = _("entry decision")
        verbose_name_plural = _("entry decisions")

    def __str__(self):
        return f"{self.entry_id}: {self.action}"


def attachment_path(instance, filename):
    """Unguessable storage name that reveals nothing about the worker or the file."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{suffix}"


class Attachment(models.Model):
    """Evidence (jpg/png/pdf, ≤ 10 MB). Served only through a permission-checked view."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
