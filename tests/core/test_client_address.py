"""core.client_address: REMOTE_ADDR unless configured proxies say otherwise; a forged
X-Forwarded-For never escapes a throttle nor gets stored."""

import pytest
from django.test import RequestFactory

from core.client_address import client_address, parse_address

pytestmark = pytest.mark.unit


def _request(remote="203.0.113.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.fixture
def no_proxy(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 0, []


def test_without_a_configured_proxy_the_header_is_ignored(no_proxy):
    assert client_address(_request(forwarded="1.2.3.4")) == "203.0.113.5"
    assert client_address(_request(forwarded="not-an-ip")) == "203.0.113.5"


def test_a_proxy_count_takes_the_address_that_many_hops_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 1, []
    # The client forged "6.6.6.6"; our one proxy appended what it saw.
    assert client_address(_request("10.0.0.2", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9")) == (
        "198.51.100.7")
    # Fewer hops than proxies: the header is not what our proxies write.
    assert client_address(_request("10.0.0.2", "198.51.100.7")) == "10.0.0.2"
    assert client_address(_request("10.0.0.2", "x, not-an-ip")) == "10.0.0.2"


def test_trusted_proxy_networks_are_walked_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 0, ["10.0.0.0/8", "192.0.2.1"]
    walk = "6.6.6.6, 198.51.100.7, 192.0.2.1, 10.1.2.3"
    assert client_address(_request("10.0.0.2", walk)) == "198.51.100.7"
    # Not from a trusted proxy: its header is the client's own invention.
    assert client_address(_request("203.0.113.5", walk)) == "203.0.113.5"
    # A garbage hop ends the walk at the last trusted answer.
    assert client_address(_request("10.0.0.2", "198.51.100.7, garbage")) == "10.0.0.2"


@pytest.mark.parametrize(("raw", "parsed"), [
    ("198.51.100.7", "198.51.100.7"), ("198.51.100.7:8080", "198.51.100.7"),
    ("[2001:db8::1]:443", "2001:db8::1"), ("2001:DB8:0::1", "2001:db8::1"),
    ("::ffff:198.51.100.7", "198.51.100.7"), ("not-an-ip", None), ("", None),
])
def test_addresses_are_parsed_into_canonical_form(raw, parsed):
    address = parse_address(raw)
    assert (str(address) if address else None) == parsed
