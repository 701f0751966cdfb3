import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarDay(models.Model):
    """A day on which the official calendar departs from the plain Monday–Friday week.

    Only two kinds change the working-day maths (see `publicity.calendar`): a public
    holiday on a weekday, and an adjusted working day (调休上班) on a weekend. Holidays
    that fall on a weekend are stored too, so the calendar reads like the State Council's
    notice, but they change nothing: the day was not a working day anyway.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", pgettext_lazy("calendar day kind", "Public holiday")
        WORKDAY = "workday", pgettext_lazy("calendar day kind", "Adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=60,
        help_text=_("The holiday it belongs to, e.g. National Day."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date.isoformat()} {self.name} ({self.get_kind_display()})"

    def clean(self):
        # A "working day" on a weekday is a no-op that hides a data-entry mistake
        # (usually the wrong month or day typed from the notice).
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("An adjusted working day must be a Saturday or a Sunday.")}
            )


def certificate_path(instance, filename):
    """Unguessable storage name: nothing about the holder, the contest or the number."""
    return f"certificates/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.pdf"


class Notice(models.Model):
    """A public notice (公示): what was published, when it runs, and its objections.

    Generic over what is on notice (`subject_type`, one nullable foreign key per kind:
    a contest's winners, a nomination round's list; see `publicity.subjects` for how each
    kind takes part). `lines` is the list exactly as the public sees it,
    masked at the time of publication, so the notice never changes under the readers'
    eyes; a correction restarts the notice with a new `round`.
    """

    class Subject(models.TextChoices):
        CONTEST = "contest", pgettext_lazy("notice subject", "Contest results")
        NOMINATION_ROUND = "nomination_round", pgettext_lazy(
            "notice subject", "Nomination round"
        )

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("notice status", "Open")
        CLOSED = "closed", pgettext_lazy("notice status", "Closed")
        SUPERSEDED = "superseded", pgettext_lazy("notice status", "Superseded")
        WITHDRAWN = "withdrawn", pgettext_lazy("notice status", "Withdrawn")

    subject_type = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    contest = models.ForeignKey(
        "contests.Contest", verbose_name=_("contest"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="notices",
    )
    nomination_round = models.ForeignKey(
        "nominations.NominationRound", verbose_name=_("nomination round"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="notices",
    )
    round = models.PositiveSmallIntegerField(
        _("round"), default=1,
        help_text=_("1 for the first notice; each restart after an upheld objection adds 1."),
    )
    title = models.CharField(_("title"), max_length=250)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), db_index=True,
        help_text=_("Exclusive: objections are accepted while now < closes_at."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    lines = models.JSONField(_("published lines"), default=list, blank=True)
    # The checksum of the results on notice: finalizing refuses results that changed since.
    results_checksum = models.CharField(_("results checksum"), max_length=64, blank=True)
    # Years the notice runs through that have no holiday calendar entered (a warning).
    calendar_missing_years = models.JSONField(
        _("years without a holiday calendar"), default=list, blank=True
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    ended_at = models.DateTimeField(
        _("ended at"), null=True, blank=True,
        help_text=_("When the notice was closed, superseded or withdrawn."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject_type="contest") | Q(contest__isnull=False),
                name="contest_notice_has_contest",
            ),
            models.CheckConstraint(
                condition=~Q(subject_type="nomination_round") | Q(nomination_round__isnull=False),
                name="round_notice_has_round",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="notice_closes_after_opening"
            ),
            models.UniqueConstraint(
                fields=["contest", "round"], condition=Q(contest__isnull=False),
                name="unique_contest_notice_round",
            ),
            # At most one live notice per contest: a restart supersedes the old one first.
            models.UniqueConstraint(
                fields=["contest"], condition=Q(status="open", contest__isnull=False),
                name="one_open_notice_per_contest",
            ),
            models.UniqueConstraint(
                fields=["nomination_round", "round"], condition=Q(nomination_round__isnull=False),
                name="unique_round_notice_round",
            ),
            models.UniqueConstraint(
                fields=["nomination_round"],
                condition=Q(status="open", nomination_round__isnull=False),
                name="one_open_notice_per_nomination_round",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.round})"

    def accepts_objections(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def last_day(self):
        """The last day of the notice, to print as "公示期至…" (closes_at is 00:00 the
        day after)."""
        from .calendar import NOTICE_TZ  # calendar imports this module

        return (timezone.localtime(self.closes_at, NOTICE_TZ) - timedelta(days=1)).date()


# Length limits of an objection (min, max characters), checked by the service; the
# maximums are enforced by the database too.
OBJECTION_NAME_LENGTH = (2, 50)
OBJECTION_CONTACT_MAX = 100
OBJECTION_TEXT_LENGTH = (10, 2000)
RESOLUTION_MAX = 2000


class Objection(models.Model):
    """An objection (异议) to a notice, filed under a real name with a contact."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("objection status", "Pending")
        UPHELD = "upheld", pgettext_lazy("objection status", "Upheld")
        DISMISSED = "dismissed", pgettext_lazy("objection status", "Dismissed")

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.PROTECT, related_name="objections"
    )
    name = models.CharField(_("name"), max_length=OBJECTION_NAME_LENGTH[1])
    contact = models.CharField(_("contact"), max_length=OBJECTION_CONTACT_MAX)
    text = models.TextField(_("text"))
    line = models.PositiveIntegerField(
        _("line concerned"), null=True, blank=True,
        help_text=_("The id of the notice line the objection is about, when its lines have "
                    "ids (a nomination round's nominees); an upheld objection acts on it."),
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by (when logged in)"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [models.Index(fields=["notice", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), OBJECTION_TEXT_LENGTH[1]),
                name="objection_text_length",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", resolved_at__isnull=True)
                | (~Q(status="pending") & Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="objection_resolved_with_resolution",
            ),
        ]

    def __str__(self):
        return f"{self.notice_id}: {self.name} ({self.status})"


class Certificate(models.Model):
    """An award certificate (荣誉证书) for one winning entry.

    Created, with its number, when the contest becomes final; the PDF is written
    afterwards by a task (`pdf` empty until then) and the holder is notified once
    (`notified_at`). The names are copied at issue: the certificate says what it said
    on the day it was issued."""

    class Status(models.TextChoices):
        VALID = "valid", pgettext_lazy("certificate status", "Valid")
        REVOKED = "revoked", pgettext_lazy("certificate status", "Revoked")

    number = models.CharField(_("number"), max_length=32, unique=True)
    contest = models.ForeignKey(
        "contests.Contest", verbose_name=_("contest"), on_delete=models.PROTECT,
        related_name="certificates",
    )
    entry = models.ForeignKey(
        "contests.Entry", verbose_name=_("entry"), on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT,
        related_name="certificates",
    )
    tier = models.ForeignKey(
        "contests.Tier", verbose_name=_("award"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    holder_name = models.CharField(_("holder's name"), max_length=50)
    award_name = models.CharField(_("award"), max_length=100)
    contest_title = models.CharField(_("contest title"), max_length=200)
    issuer_name = models.CharField(_("issuing union"), max_length=120)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, max_length=200, blank=True)
    notified_at = models.DateTimeField(_("holder notified at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID,
        db_index=True,
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["contest", "rank", "id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        # The lists (API, console) show the newest first, 20 a page: without it, a sort
        # of every certificate ever issued (55,000 at province scale, bench/province.py).
        indexes = [models.Index(fields=["-issued_at", "id"], name="certificate_newest")]
        constraints = [
            # One valid certificate per winning entry: the database refuses a second even
            # when two workers issue at once. A revoked one stays, for verification.
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="valid"),
                name="one_valid_certificate_per_entry",
            ),
            models.CheckConstraint(
                condition=Q(status="valid") | (~Q(revoked_reason="") & Q(revoked_at__isnull=False)),
                name="revoked_certificate_has_reason",
            ),
        ]

    def __str__(self):
        return self.number
