"""Throttles keyed by the real client address (`core.client_address`), or by a value of
the request body (a phone, an ID number), with rates such as "100/10m".

Rates come from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` by scope, as for DRF's own
`ScopedRateThrottle` (whose `THROTTLE_RATES` these classes share, so a test that patches
it patches them too). A period may carry a multiplier: "100/10m" is 100 per ten minutes.
"""

import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from .client_address import client_address

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$")


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    """"100/10m" → (100, 600); "5/hour" → (5, 3600); None → (None, None)."""
    if rate is None:
        return None, None
    match = _RATE.match(rate)
    if match is None:
        raise ImproperlyConfigured(f"Bad throttle rate {rate!r}: use e.g. 5/hour or 100/10m.")
    number, multiplier, unit = match.groups()
    return int(number), int(multiplier or 1) * _PERIODS[unit]


class ClientRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle (`throttle_scope` on the view), per client address."""

    def get_ident(self, request):
        return client_address(request) or "unknown"

    def get_rate(self):
        rate = self.THROTTLE_RATES.get(self.scope)
        if rate is None:
            rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if rate is None:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.")
        return rate

    def parse_rate(self, rate):
        return parse_rate(rate)


class BodyValueRateThrottle(ClientRateThrottle):
    """Counts requests per value of one body field, whatever address they come from: a
    phone number or an ID number cannot be tried faster by spreading over addresses.
    Subclasses set `scope` and `field`, and may normalise the value (`normalise`).
    Values are kept in the cache only as a keyed hash."""

    scope: str = ""
    field: str = ""

    def allow_request(self, request, view):
        # The scope is the class's own, not the view's `throttle_scope`.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)

    def normalise(self, value) -> str:
        return str(value).strip() if isinstance(value, str | int) else ""

    def get_cache_key(self, request, view):
        # DRF's parsed body, or a page's form.
        data = request.data if hasattr(request, "data") else request.POST
        value = self.normalise(data.get(self.field)) if isinstance(data, Mapping) else ""
        if not value:
            return None  # nothing to count: the request fails validation anyway
        ident = salted_hmac(f"core.throttling.{self.scope}", value).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
