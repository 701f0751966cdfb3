"""One-time codes sent by SMS (imported into accounts.models so Django finds the model)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    """A 6-digit code sent to a phone for one purpose. Only a keyed hash of the code is
    stored. A code is good once, for `CODE_LIFETIME`, and is locked after
    `MAX_WRONG_TRIES` wrong tries; asking for a new code retires the older ones."""

    class Purpose(models.TextChoices):
        FIRST_LOGIN = "first_login", _("first login")
        PASSWORD_RESET = "password_reset", _("password reset")
        PHONE_CHANGE = "phone_change", _("phone change")

    phone = models.CharField(_("phone"), max_length=11)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # Who the code is for: the account with that phone (none when the phone is unknown:
    # the row is still written, so asking about unknown phones is limited too), or, for a
    # phone change, the account that asked.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    client = models.CharField(_("client address"), max_length=45, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(fields=["phone", "purpose", "created_at"]),
            models.Index(fields=["client", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.phone}"
