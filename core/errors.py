"""Domain errors raised by services; the API turns them into 400/404/409 answers.

Services never import DRF: they raise these, and `core.api.exception_handler` maps them.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class. `message` is user-facing and translatable."""

    status_code = 400
    default_message = _("The request cannot be carried out.")

    def __init__(self, message=None, *, field=None, errors=None, state=None):
        self.message = message or self.default_message
        self.field = field
        # errors: {field: [messages]} when several fields are wrong at once.
        self.errors = errors
        self.state = state
        super().__init__(str(self.message))

    def as_data(self):
        if self.errors:
            return {key: [str(m) for m in msgs] for key, msgs in self.errors.items()}
        if self.field:
            return {self.field: [str(self.message)]}
        data = {"detail": str(self.message)}
        if self.state is not None:
            data["state"] = str(self.state)
        return data


class InvalidInput(DomainError):
    """Bad input: 400 naming the field."""


class NotAllowed(DomainError):
    """A transition or write that the current state forbids: 409 with the state."""

    status_code = 409
    default_message = _("This is not allowed in the current state.")


class NotFound(DomainError):
    """Missing, or not visible to the caller (never leak existence)."""

    status_code = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    status_code = 403
    default_message = _("You do not have permission to do this.")
