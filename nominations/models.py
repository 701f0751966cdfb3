"""Nomination rounds for the 两代表一委员 posts and the nominations they hold.

A round (推荐轮次) names a term, a reference date (ages are computed on it), per post a
quota and eligibility rules (`PostRule`), the exclusive post groups, and its source
contests with a weight and the posts each feeds (`RoundSource`). A nomination (推荐人选)
is one worker for one post in one round — the database refuses a second — and carries its
provenance (one row per source contest), its reviews and the round's decisions.

Rules that span rows (eligibility, the composite, the quota) are in the pure modules
`eligibility`, `composite` and `selection`; the writes in `nominations.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import NominationStatus, RoundState

SCORE_DIGITS = {"max_digits": 14, "decimal_places": 2}
# Σ weight × max_score over a stage's criteria: weights have 4 places, maxima 2.
MAX_SCORE_DIGITS = {"max_digits": 20, "decimal_places": 6}
WEIGHT_DIGITS = {"max_digits": 7, "decimal_places": 4}
REASON_MAX = 2000


class Post(models.TextChoices):
    PARTY_CONGRESS = "party_congress", pgettext_lazy("nomination post", "Party congress delegate")
    PEOPLES_CONGRESS = "peoples_congress", pgettext_lazy(
        "nomination post", "People's congress deputy")
    CPPCC = "cppcc", pgettext_lazy("nomination post", "CPPCC member")


DEFAULT_EXCLUSIVE_POSTS = [[Post.PEOPLES_CONGRESS.value, Post.CPPCC.value]]


class NominationRound(models.Model):
    State = RoundState  # states and their named groups (nominations/enums.py)

    title = models.CharField(_("title"), max_length=200)
    term = models.CharField(_("term"), max_length=100, help_text=_("E.g. 2027年换届."))
    reference_date = models.DateField(_("reference date"),
                                      help_text=_("Ages are computed on this day."))
    exclusive_posts = models.JSONField(
        _("exclusive post groups"), default=list, blank=True,
        help_text=_("Groups of posts of which a worker may be approved for only one."),
    )
    notice_days = models.PositiveSmallIntegerField(_("notice working days"), default=5)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.OPEN, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nomination round")
        verbose_name_plural = _("nomination rounds")

    def __str__(self):
        return self.title


class PostRule(models.Model):
    """A post's quota and eligibility rules in one round (an empty rule does not apply)."""

    round = models.ForeignKey(NominationRound, verbose_name=_("round"),
                              on_delete=models.CASCADE, related_name="post_rules")
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    quota = models.PositiveSmallIntegerField(_("quota"))
    political_status = models.JSONField(
        _("allowed political statuses"), default=list, blank=True,
        help_text=_("Empty: any status."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    min_years = models.DecimalField(_("minimum years in the industry"), max_digits=4,
                                    decimal_places=1, null=True, blank=True)
    union_member = models.BooleanField(_("union membership required"), default=False)
    require_award = models.BooleanField(_("an award from a source contest required"),
                                        default=False)
    min_non_party_share = models.DecimalField(
        _("minimum share of non-party members"), max_digits=3, decimal_places=2,
        null=True, blank=True, help_text=_("Of the list on notice, e.g. 0.60."),
    )

    class Meta:
        ordering = ["round", "post"]
        verbose_name = _("post rule")
        verbose_name_plural = _("post rules")
        constraints = [
            models.UniqueConstraint(fields=["round", "post"], name="unique_round_post_rule"),
            models.CheckConstraint(
                condition=Q(min_non_party_share__isnull=True)
                | Q(min_non_party_share__gte=0, min_non_party_share__lte=1),
                name="non_party_share_is_a_share",
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.get_post_display()} ({self.quota})"


class RoundSource(models.Model):
    """A contest whose winners feed the round, with its weight and the posts it feeds."""

    round = models.ForeignKey(NominationRound, verbose_name=_("round"),
                              on_delete=models.CASCADE, related_name="sources")
    contest = models.ForeignKey("contests.Contest", verbose_name=_("contest"),
                                on_delete=models.PROTECT, related_name="nomination_sources")
    weight = models.DecimalField(_("weight"), **WEIGHT_DIGITS)
    posts = models.JSONField(_("posts fed"), default=list, blank=True,
                             help_text=_("Empty: every post."))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("source contest")
        verbose_name_plural = _("source contests")
        constraints = [
            models.UniqueConstraint(fields=["round", "contest"], name="unique_round_source"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="source_weight_positive"),
        ]

    def __str__(self):
        return f"{self.round_id} ← {self.contest_id} × {self.weight}"

    def feeds(self, post: str) -> bool:
        return not self.posts or post in self.posts


class ReviewStage(models.TextChoices):
    UNION = "union", pgettext_lazy("review stage", "Union review")
    COMMITTEE = "committee", pgettext_lazy("review stage", "Committee review")
    NOTICE = "notice", pgettext_lazy("review stage", "Public notice")


class Nomination(models.Model):
    Status = NominationStatus  # statuses and their named groups (nominations/enums.py)

    class Source(models.TextChoices):
        AUTO = "auto", pgettext_lazy("nomination source", "From a source contest")
        MANUAL = "manual", pgettext_lazy("nomination source", "Proposed by an organizer")

    round = models.ForeignKey(NominationRound, verbose_name=_("round"),
                              on_delete=models.CASCADE, related_name="nominations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("worker"),
                               on_delete=models.PROTECT, related_name="nominations")
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PROPOSED, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    proposal_reason = models.TextField(_("reason for the proposal"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    composite_score = models.DecimalField(_("composite score"), default=0, **SCORE_DIGITS)
    # The best (lowest) rank over the provenance: the first tie-break of the quota.
    best_rank = models.PositiveIntegerField(_("best rank"), null=True, blank=True)
    # [{"rule", "ok", "params"}]: the last check (see `nominations.eligibility`).
    eligibility = models.JSONField(_("eligibility check"), default=list, blank=True)
    checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True)
    accepted = models.BooleanField(_("accepted by the nominee"), null=True, blank=True)
    responded_at = models.DateTimeField(_("nominee responded at"), null=True, blank=True)
    status_reason = models.TextField(_("reason of the status"), blank=True)
    rejected_stage = models.CharField(_("rejected at"), max_length=10,
                                      choices=ReviewStage.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["round", "post", "-composite_score", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["round", "worker", "post"],
                                    name="one_nomination_per_worker_and_post"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejected_stage=""),
                name="rejected_nomination_has_stage",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "post", "status"]),
            # A round's nominations in ranked order (`nominations.selectors.ranked`; a
            # plain ascending best_rank puts NULLs last in PostgreSQL): a page of them is
            # read from the index, not sorted after joining every nomination's worker.
            models.Index(fields=["round", "post", "-composite_score", "best_rank", "id"],
                         name="nomination_ranked"),
        ]

    def __str__(self):
        return f"{self.worker} · {self.get_post_display()} ({self.status})"


class Provenance(models.Model):
    """One source award behind a nomination, as judging computed it (frozen once final)."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"),
                                   on_delete=models.CASCADE, related_name="provenance")
    contest = models.ForeignKey("contests.Contest", verbose_name=_("contest"),
                                on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey("contests.Stage", verbose_name=_("stage"),
                              on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey("contests.Entry", verbose_name=_("entry"),
                              on_delete=models.PROTECT, related_name="nomination_provenance")
    stage_score = models.DecimalField(_("stage score"), **SCORE_DIGITS)
    max_score = models.DecimalField(_("maximum possible score"), **MAX_SCORE_DIGITS)
    rank = models.PositiveIntegerField(_("rank"))
    tier = models.ForeignKey("contests.Tier", verbose_name=_("award"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    tier_name = models.CharField(_("award"), max_length=100)
    weight = models.DecimalField(_("weight"), **WEIGHT_DIGITS)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["nomination", "rank", "id"]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "contest"],
                                    name="one_provenance_per_contest"),
            models.CheckConstraint(condition=Q(max_score__gt=0),
                                   name="provenance_max_score_positive"),
        ]

    def __str__(self):
        return f"{self.nomination_id} ← {self.contest_id}: {self.stage_score}/{self.max_score}"


class Review(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", pgettext_lazy("review decision", "Approve")
        REJECT = "reject", pgettext_lazy("review decision", "Reject")

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"),
                                   on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"),
                                 null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["nomination", "at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.nomination_id}: {self.stage} {self.decision}"


class RoundDecision(models.Model):
    """An organizer's recorded choice of who goes on notice for one post, when the
    ranking alone cannot say (a tie across the quota, or a composition shortfall). The
    latest decision for a post applies."""

    round = models.ForeignKey(NominationRound, verbose_name=_("round"),
                              on_delete=models.CASCADE, related_name="decisions")
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    nominations = models.ManyToManyField(Nomination, verbose_name=_("nominations placed"),
                                         related_name="+")
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["round", "post", "decided_at", "id"]
        verbose_name = _("round decision")
        verbose_name_plural = _("round decisions")

    def __str__(self):
        return f"{self.round_id} {self.post} @ {self.decided_at:%Y-%m-%d}"
