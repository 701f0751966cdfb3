"""What every page form shares: fields rendered with their label, hint and error tied by
`aria-describedby` (Django 5.2 sets it and `aria-invalid`), and domain errors raised by a
service shown next to the field they name, or above the form when they name none."""

from django import forms
from django.forms.renderers import DjangoTemplates

from core.errors import DomainError


class PageFormRenderer(DjangoTemplates):
    """Page forms render with the site's templates (label, hint, error, then the input)."""

    form_template_name = "frontend/forms/div.html"
    field_template_name = "frontend/forms/field.html"


class PageForm(forms.Form):
    default_renderer = PageFormRenderer()

    # Field names the services use that differ from this form's (service → form).
    service_fields: dict[str, str] = {}

    def add_domain_error(self, error: DomainError) -> None:
        """Put a service's error where the person will look for it."""
        failures = getattr(error, "failures", None)  # contests.errors.IneligibleEntry
        if failures:
            for failure in failures:
                self.add_error(None, failure.message)
            return
        data = error.errors or ({error.field: [error.message]} if error.field else {})
        if not data:
            self.add_error(None, error.message)
            return
        for key, messages in data.items():
            name = self.service_fields.get(key, key)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) per error, for the summary at the top of the page."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for field in self:
            for message in field.errors:
                items.append((field.auto_id or "", f"{field.label}: {message}"))
        return items
