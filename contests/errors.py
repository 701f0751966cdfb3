"""Errors particular to contests; the shared ones are in core.errors."""

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput


class IneligibleEntry(InvalidInput):
    """400 ``{"eligibility": [{"rule": "min_age", "message": "..."}, ...]}``: every failed
    rule at once."""

    default_message = _("The eligibility rules of this contest are not met.")

    def __init__(self, failures):
        self.failures = list(failures)
        super().__init__()

    def as_data(self):
        return {
            "eligibility": [
                {"rule": failure.rule, "message": str(failure.message)}
                for failure in self.failures
            ]
        }
