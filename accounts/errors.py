from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput


class RosterInvalid(InvalidInput):
    """A roster with bad rows: nothing was imported; every problem is listed by row."""

    default_message = _("The roster has errors; nothing was imported.")

    def __init__(self, row_errors: list[dict]):
        super().__init__()
        self.row_errors = row_errors

    def as_data(self):
        return {"created": 0, "errors": self.row_errors, "detail": str(self.message)}
