"""Judging's domain errors that carry more than a message (the API maps every DomainError)."""

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput, NotAllowed


class TooFewJudges(NotAllowed):
    """Recusal leaves some entries without enough eligible judges: 409 naming them."""

    default_message = _("Too few eligible judges for some entries.")

    def __init__(self, message=None, *, entries, state=None):
        # entries: [{"id", "code", "needed", "available"}]
        self.entries = entries
        super().__init__(message, state=state)

    def as_data(self):
        return {**super().as_data(), "entries": self.entries}


class ImportRejected(InvalidInput):
    """A spreadsheet with errors: nothing was written. 400 with each row and column."""

    default_message = _("The file has errors; nothing was imported.")

    def __init__(self, message=None, *, errors):
        # errors: [{"row", "column", "message"}]; `row` is the spreadsheet's row number.
        self.row_errors = errors
        super().__init__(message)

    def as_data(self):
        return {"detail": str(self.message), "errors": self.row_errors}
