"""A worker edits their own profile. Name, ID number (and so sex and birth date) are the
identity the union checked: they are not edited here (the union corrects them). The phone
changes only with a code sent to the new number (`accounts.one_time_codes`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import record
from core.errors import InvalidInput

from .cleaning import as_text, clean_industry, clean_political_status, clean_years, clean_yes_no
from .models import User, WorkerProfile

DISTRICT_MAX_LENGTH = 60
EDITABLE = {
    "industry": clean_industry,
    "years_in_industry": clean_years,
    "union_member": clean_yes_no,
    "political_status": clean_political_status,
    "consent_publication": clean_yes_no,
}


def _clean(changes: dict) -> dict:
    cleaned, errors = {}, {}
    for field, value in changes.items():
        if field == "district":
            text = as_text(value)
            if len(text) > DISTRICT_MAX_LENGTH:
                errors[field] = [str(_("At most %(limit)d characters.")
                                     % {"limit": DISTRICT_MAX_LENGTH})]
            cleaned[field] = text
            continue
        if field not in EDITABLE:
            errors[field] = [str(_("This cannot be changed here."))]
            continue
        try:
            cleaned[field] = EDITABLE[field](value)
        except ValidationError as exc:
            errors[field] = [str(message) for message in exc.messages]
    if errors:
        raise InvalidInput(errors=errors)
    return cleaned


@transaction.atomic
def update_own_profile(*, user: User, **changes) -> WorkerProfile:
    """Change the given fields of the worker's own profile; every field is checked first
    and nothing is written unless all are good. Consent to publication may be given or
    withdrawn at any time: the time it was given is kept, and cleared when withdrawn."""
    cleaned = _clean(changes)
    profile = WorkerProfile.objects.select_for_update().filter(user_id=user.pk).first()
    if profile is None:
        raise InvalidInput(_("Only workers have a profile."), field="profile")
    consent = cleaned.pop("consent_publication", None)
    changed = [field for field, value in cleaned.items() if getattr(profile, field) != value]
    for field in changed:
        setattr(profile, field, cleaned[field])
    if consent is not None and profile.set_consent(consent):
        changed += ["consent_publication", "consent_at"]
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
        record(actor=user, action="accounts.profile_updated", target=user,
               data={"fields": sorted(changed)})
    return profile
