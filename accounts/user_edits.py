"""Editing an account after it exists (`PATCH /api/users/{id}/`, `PATCH /api/me/`).

A worker edits their own e-mail, language and profile fields; an organizer anyone's, and
also names and phones. A worker's own phone changes through the SMS-code confirmation
(accounts.one_time_codes), never by a bare PATCH. ID numbers never change here."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import record
from core.errors import InvalidInput, NotFound
from core.permissions import is_organizer

from .cleaning import (
    as_text,
    clean_education,
    clean_ethnicity,
    clean_industry,
    clean_phone,
    clean_political_status,
    clean_real_name,
    clean_years,
    clean_yes_no,
)
from .models import Role, User
from .permissions import can_view_user

USER_FIELDS = ("email", "preferred_language")
ORGANIZER_FIELDS = ("real_name", "phone")
PROFILE_CLEANERS = {
    "industry": clean_industry, "union_member": clean_yes_no,
    "political_status": clean_political_status, "years_in_industry": clean_years,
    "ethnicity": clean_ethnicity, "education": clean_education,
    "district": lambda value: as_text(value)[:60],
}


def _clean_user_fields(changes: dict, actor, errors: dict) -> dict:
    cleaned = {}
    for name, value in changes.items():
        try:
            if name == "email":
                cleaned[name] = as_text(value)
                if cleaned[name]:
                    validate_email(cleaned[name])
            elif name == "preferred_language":
                if value not in dict(settings.LANGUAGES):
                    raise ValidationError(_("Choose one of: %(codes)s.") % {
                        "codes": ", ".join(code for code, _n in settings.LANGUAGES)})
                cleaned[name] = value
            elif name == "real_name":
                cleaned[name] = clean_real_name(value)
            elif name == "phone":
                cleaned[name] = clean_phone(value)
        except ValidationError as error:
            errors[name] = list(error.messages)
    return cleaned


def _clean_profile(changes: dict, errors: dict) -> dict:
    cleaned = {}
    for name, value in changes.items():
        try:
            cleaned[name] = PROFILE_CLEANERS[name](value)
        except ValidationError as error:
            errors[f"profile.{name}"] = list(error.messages)
    return cleaned


def update_user(*, actor: User, user_id: int, changes: dict, profile: dict | None = None
                ) -> User:
    """Apply the changes all or nothing; 404 for an account the actor may not see, 400
    naming each refused field (a field the actor may not edit is named too)."""
    user = User.objects.select_related("worker_profile").filter(pk=user_id).first()
    if user is None or not can_view_user(actor, user):
        raise NotFound()
    organizer = is_organizer(actor)
    errors: dict[str, list[str]] = {}
    for name in changes:
        if name in ORGANIZER_FIELDS and not organizer:
            errors[name] = [_("Only an organizer changes this; a phone number is changed "
                              "with a code sent to the new number.")]
    cleaned = _clean_user_fields({k: v for k, v in changes.items() if k not in errors},
                                 actor, errors)
    profile = profile or {}
    worker_profile = getattr(user, "worker_profile", None)
    if profile and worker_profile is None:
        errors["profile"] = [_("This account has no worker profile.")]
    cleaned_profile = _clean_profile(profile, errors) if worker_profile else {}
    if errors:
        raise InvalidInput(errors=errors)
    try:
        with transaction.atomic():
            for name, value in cleaned.items():
                setattr(user, name, value)
            if cleaned:
                user.save(update_fields=list(cleaned))
            for name, value in cleaned_profile.items():
                setattr(worker_profile, name, value)
            if cleaned_profile:
                worker_profile.save(update_fields=[*cleaned_profile, "updated_at"])
            record(actor=actor, action="accounts.user_updated", target=user,
                   data={"fields": sorted(cleaned),
                         "profile": sorted(cleaned_profile)})
    except IntegrityError:
        # The one database rule a PATCH can break: a worker's phone is unique.
        if user.role == Role.WORKER and "phone" in cleaned:
            raise InvalidInput(errors={"phone": [
                _("Another worker already has this phone number.")]}) from None
        raise
    return user
