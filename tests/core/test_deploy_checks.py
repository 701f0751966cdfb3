"""core.checks: weak keys, bad Fernet keys, an http SITE_URL and an unguarded proxy header
fail `check --deploy` (the subprocess runs are in tests/test_project.py)."""

import base64
import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.management.utils import get_random_secret_key

from core import checks

pytestmark = pytest.mark.unit


GENERATORS = {
    "token_hex": lambda: secrets.token_hex(32),
    "token_urlsafe": lambda: secrets.token_urlsafe(32),
    "django": get_random_secret_key,
    "fernet": lambda: Fernet.generate_key().decode(),
    "base64": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
}


@pytest.mark.parametrize("generator", GENERATORS)
def test_generated_keys_have_enough_entropy(generator):
    for _ in range(200):
        assert checks.key_entropy_bits(GENERATORS[generator]()) >= checks.MIN_KEY_BITS


@pytest.mark.parametrize("key", ["x", "", "a" * 200, "abcdefghij" * 10,
                                 "0123456789abcdef" * 2, "correct horse battery staple"])
def test_short_or_repetitive_keys_do_not(key):
    assert checks.key_entropy_bits(key) < checks.MIN_KEY_BITS


def _ids(errors):
    return sorted({error.id for error in errors})


@pytest.fixture
def strong(settings):
    settings.SECRET_KEY = get_random_secret_key()
    settings.AUDIT_HMAC_KEY = secrets.token_urlsafe(32)
    settings.PII_HASH_KEY = secrets.token_urlsafe(32)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    settings.SITE_URL = "https://awards.union.example.cn"
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 0, []
    settings.SECURE_PROXY_SSL_HEADER = None
    return settings


def test_strong_settings_pass(strong):
    assert checks.weak_keys(None) == [] and checks.site_url_and_proxies(None) == []


@pytest.mark.parametrize("keys", [["notakey"], [], [base64.urlsafe_b64encode(b"\0" * 32).decode()],
                                  [Fernet.generate_key().decode(), "notakey"]])
def test_bad_fernet_keys_fail(strong, keys):
    strong.FIELD_ENCRYPTION_KEYS = keys
    assert _ids(checks.weak_keys(None)) == ["core.E005"]


def test_the_proxy_ssl_header_needs_a_configured_proxy(strong):
    strong.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert _ids(checks.site_url_and_proxies(None)) == ["core.E008"]
    strong.TRUSTED_PROXY_COUNT = 1
    assert checks.site_url_and_proxies(None) == []


def test_unreadable_proxy_settings_fail(strong):
    strong.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example"]
    assert _ids(checks.site_url_and_proxies(None)) == ["core.E007"]
    strong.TRUSTED_PROXIES, strong.TRUSTED_PROXY_COUNT = ["10.0.0.1"], 1
    assert _ids(checks.site_url_and_proxies(None)) == ["core.E007"]
