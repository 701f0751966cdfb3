"""The client's address as the throttles see it (honours `NUM_PROXIES`, as DRF's
throttles do, so a page and the API count one client the same way)."""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    return BaseThrottle().get_ident(request) or ""
