"""Sign-up limits: per phone number and per ID number (settings `register_phone`,
`register_id_number`), on top of the per-address limit (`register`) that is high enough
for a crowd registering together on one Wi-Fi (see the README's security section)."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError

from core.throttling import BodyValueRateThrottle, ClientRateThrottle

from .cleaning import clean_phone


class RegisterPhoneThrottle(BodyValueRateThrottle):
    scope = "register_phone"
    field = "phone"

    def normalise(self, value) -> str:
        try:
            return clean_phone(value)
        except (ValidationError, TypeError):
            return ""


class RegisterIdNumberThrottle(BodyValueRateThrottle):
    scope = "register_id_number"
    field = "id_number"

    def normalise(self, value) -> str:
        text = super().normalise(value)
        return "".join(ch for ch in text if ch.isalnum()).upper()


REGISTRATION_THROTTLES = (ClientRateThrottle, RegisterPhoneThrottle, RegisterIdNumberThrottle)
REGISTRATION_SCOPE = "register"


def registration_allowed(request) -> bool:
    """The sign-up limits for a page's POST (the API applies the same classes, with the
    same counters): False once any of them is reached."""
    view = SimpleNamespace(throttle_scope=REGISTRATION_SCOPE)
    return all(throttle().allow_request(request, view) for throttle in REGISTRATION_THROTTLES)
