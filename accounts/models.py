import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.masking import mask_id_number

from . import crypto
from .choices import Education, Ethnicity
from .validators import parse_id_number, validate_credit_code


class Industry(models.TextChoices):
    FOOD_DELIVERY = "food_delivery", _("Food delivery")
    EXPRESS = "express", _("Express delivery")
    RIDE_HAILING = "ride_hailing", _("Ride-hailing")
    TRANSPORT = "transport", _("Transport")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY_MEMBER = "probationary_member", _("CPC probationary member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Democratic party member")
    MASSES = "masses", pgettext_lazy("political status", "Ordinary citizen")


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    JUDGE = "judge", _("Judge")
    ORGANIZER = "organizer", _("Organizer")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class TradeUnion(models.Model):
    """A union body: the county federation (总工会) or an industry federation under it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, blank=True,
        help_text=_("Empty for the county federation itself."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent union"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("trade union")
        verbose_name_plural = _("trade unions")

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    is_key = models.BooleanField(_("key enterprise"), default=False)
    union = models.ForeignKey(
        TradeUnion, verbose_name=_("union"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="enterprises",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name


def site_language() -> str:
    """A new user's language: the site's (Simplified Chinese unless configured otherwise)."""
    return settings.LANGUAGE_CODE


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes the site's first organizer, so the role says so too.
        extra_fields.setdefault("role", Role.ORGANIZER)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who logs in. A superuser counts as an organizer."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=11, blank=True, db_index=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="people",
        help_text=_("Employer; judges are never assigned entries from their own enterprise."),
    )
    union = models.ForeignKey(
        TradeUnion, verbose_name=_("union"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES,
        default=site_language,
        help_text=_("Notifications (in-app, e-mail, SMS) are written in this language."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One phone, one worker: the phone logs a worker in and receives their codes.
            # Phones are stored normalised (`accounts.cleaning.clean_phone`: 11 digits).
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(role="worker") & ~models.Q(phone=""),
                name="accounts_one_worker_per_phone",
            ),
        ]
        # The few judges or organizers among a province's 100,000 workers, by name (the
        # console's panel picker, the user lists filtered by role).
        indexes = [models.Index(fields=["role", "username"], name="user_role_username")]

    def __str__(self):
        return self.real_name or self.username

    @property
    def is_organizer(self) -> bool:
        return self.is_superuser or self.role == Role.ORGANIZER

    @property
    def roles(self) -> list[str]:
        roles = [self.role]
        if self.is_superuser and Role.ORGANIZER not in roles:
            roles.append(Role.ORGANIZER)
        return roles


class WorkerProfile(models.Model):
    """What a worker tells us about themselves. The ID number is stored encrypted, with a
    keyed hash for duplicate detection and a masked copy for display."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="worker_profile"
    )
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    union_member = models.BooleanField(_("union member"), default=False)
    political_status = models.CharField(
        _("political status"), max_length=30, choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    years_in_industry = models.DecimalField(
        _("years in the industry"), max_digits=4, decimal_places=1, default=0
    )
    district = models.CharField(_("district"), max_length=60, blank=True)
    ethnicity = models.CharField(_("ethnic group"), max_length=20, choices=Ethnicity.choices,
                                 blank=True)
    education = models.CharField(_("education level"), max_length=30,
                                 choices=Education.choices, blank=True)
    consent_publication = models.BooleanField(
        _("consents to publication of name and award"), default=False
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")
        indexes = [models.Index(fields=["industry"])]

    def __str__(self):
        return f"{self.user} ({self.id_number_masked})"

    def set_consent(self, consent: bool, *, now=None) -> bool:
        """PIPL: record the worker's answer on publication with the moment consent was
        given (kept while it stands, cleared when withdrawn). True when the answer changed;
        the one place every path (registration, import, profile page, admin) goes through."""
        consent = bool(consent)
        if consent == self.consent_publication and (self.consent_at is not None) == consent:
            return False
        self.consent_publication = consent
        self.consent_at = (now or timezone.now()) if consent else None
        return True

    def set_id_number(self, raw: str) -> None:
        """Validate, then store encrypted + hashed + masked, and derive sex and birth date."""
        facts = parse_id_number(raw)
        self.id_number_encrypted = crypto.encrypt(facts.number)
        self.id_number_hash = crypto.keyed_hash(facts.number)
        self.id_number_masked = mask_id_number(facts.number)
        self.sex = facts.sex
        self.birth_date = facts.birth_date

    def decrypted_id_number(self) -> str:
        """The full number. Callers showing it to a person go through
        `accounts.services.reveal_id_number`, which records the access."""
        return crypto.decrypt(self.id_number_encrypted)

    @staticmethod
    def hash_for(raw: str) -> str:
        return crypto.keyed_hash(parse_id_number(raw).number)


def _roster_upload_path(instance, filename):
    # Rosters hold ID numbers: a random name, so a file can be neither guessed nor listed
    # from its upload name.
    return f"imports/{secrets.token_hex(16)}.xlsx"


class ImportJob(models.Model):
    """A roster import too large to run inside the request; a Celery task reports its
    progress here. `processed` counts validated rows; `created` is set when the
    all-or-nothing write commits."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "Queued")
        RUNNING = "running", pgettext_lazy("import status", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("import status", "Succeeded")
        FAILED = "failed", pgettext_lazy("import status", "Failed")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows validated"), default=0)
    created = models.PositiveIntegerField(_("workers created"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    file = models.FileField(_("file"), upload_to=_roster_upload_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()} {self.processed}/{self.total}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

from .code_models import OneTimeCode  # noqa: E402,F401  (one-time SMS codes)
