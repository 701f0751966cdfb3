from django.core.exceptions import ValidationError
from django.db import models
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
