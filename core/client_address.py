"""The address of the client that sent a request: the one answer for every throttle, the
login lockout (django-axes) and every address we store (objections).

`REMOTE_ADDR`, the peer of the connection, unless settings say which proxies stand in
front of the app:

- `TRUSTED_PROXY_COUNT = n`: n proxies, each appending the address it saw to
  `X-Forwarded-For`; the client is the n-th address from the right. A header with fewer
  entries did not pass all of them, so `REMOTE_ADDR` is used.
- `TRUSTED_PROXIES = ["10.0.0.0/8", …]`: walking `X-Forwarded-For` from the right, starting
  at `REMOTE_ADDR`, each address that belongs to a trusted proxy is replaced by the one it
  reports; the first address that is not a trusted proxy is the client.

Whatever a client writes into `X-Forwarded-For` beyond that is ignored, so a forged header
neither escapes a throttle nor ends up stored. Entries that are not IP addresses end the
walk (the last trusted answer stands); the result is always a valid address in canonical
form, or None when not even `REMOTE_ADDR` is one.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(value: str | None) -> IPAddress | None:
    """An address as proxies and servers write it ("198.51.100.7", "[2001:db8::1]:443",
    "198.51.100.7:8080"), or None."""
    text = (value or "").strip().strip('"')
    if text.startswith("["):  # [IPv6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network,
                                                 ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _is_trusted(address: IPAddress, proxies: tuple[str, ...]) -> bool:
    return any(address in network for network in _networks(proxies))


def client_address(request) -> str | None:
    """The client's address as text (see the module doc)."""
    meta = request.META
    remote = parse_address(meta.get("REMOTE_ADDR"))
    if remote is None:
        return None
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    if proxies:
        return str(_walk_trusted(remote, hops, proxies))
    if count > 0 and len(hops) >= count:
        return str(parse_address(hops[-count]) or remote)
    return str(remote)


def _walk_trusted(remote: IPAddress, hops: list[str], proxies: tuple[str, ...]) -> IPAddress:
    candidate = remote
    for hop in reversed(hops):
        if not _is_trusted(candidate, proxies):
            break
        reported = parse_address(hop)
        if reported is None:
            break
        candidate = reported
    return candidate


def proxy_configured() -> bool:
    """Some proxy is trusted to report the client (and, so, the scheme)."""
    return bool(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or
                getattr(settings, "TRUSTED_PROXIES", ()))
