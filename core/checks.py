"""Deploy checks: `manage.py check --deploy` fails while a secret is weak or a setting
would make production unsafe.

- a development key still in use (SECRET_KEY, AUDIT_HMAC_KEY, PII_HASH_KEY, the Fernet
  key), or DEBUG on;
- a key with less than 32 bytes (256 bits) of entropy (`key_entropy_bits`);
- FIELD_ENCRYPTION_KEYS that are not Fernet keys, or weak ones;
- a SITE_URL that is not https (it is printed in certificate QR codes and e-mails);
- SECURE_PROXY_SSL_HEADER without a configured proxy (anyone could then claim https),
  and proxy settings that cannot be read (`core.client_address`).
"""

import base64
import binascii
import ipaddress
import math
import string
import zlib
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register

from .client_address import proxy_configured

MIN_KEY_BITS = 256
_HEX = frozenset(string.hexdigits)
_BASE64 = frozenset(string.ascii_letters + string.digits + "+/=-_")
_PRINTABLE_BITS = math.log2(94)
_ZLIB_OVERHEAD_BYTES = 8  # header, checksum and block framing of an incompressible text


def key_entropy_bits(key: str | bytes) -> float:
    """A conservative estimate of the entropy of a key: the lesser of what its alphabet
    allows (hex 4 bits a character, base64 6, other printable text 6.5, raw bytes 8) and
    what zlib cannot squeeze out of it (repetition, patterns). Keys made by
    `secrets.token_hex(32)`, `secrets.token_urlsafe(32)`, Django's
    `get_random_secret_key()` or `Fernet.generate_key()` all reach 256 bits."""
    if isinstance(key, str):
        data = key.encode()
        chars = set(key)
        per_char = 4 if chars <= _HEX else 6 if chars <= _BASE64 else _PRINTABLE_BITS
        by_alphabet = len(key) * per_char
    else:
        data = key
        by_alphabet = len(key) * 8
    if not data:
        return 0.0
    by_compression = 8 * max(0, len(zlib.compress(data, 9)) - _ZLIB_OVERHEAD_BYTES)
    return min(by_alphabet, by_compression)


def _fernet_key_problem(key: str) -> str | None:
    try:
        Fernet(key)
        raw = base64.urlsafe_b64decode(key)
    except (ValueError, TypeError, binascii.Error):
        return "is not a Fernet key (32 url-safe base64-encoded bytes)"
    if key_entropy_bits(raw) < MIN_KEY_BITS:
        return "has too little entropy"
    return None


FERNET_HINT = ("Generate one: python -c 'from cryptography.fernet import Fernet;"
               "print(Fernet.generate_key().decode())'")
KEY_HINT = "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))'"


@register(Tags.security, deploy=True)
def development_keys_in_production(app_configs, **kwargs):
    errors = []
    pairs = [
        ("SECRET_KEY", settings.DEV_SECRET_KEY),
        ("AUDIT_HMAC_KEY", settings.DEV_AUDIT_HMAC_KEY),
        ("PII_HASH_KEY", settings.DEV_PII_HASH_KEY),
    ]
    for name, dev_value in pairs:
        if getattr(settings, name) == dev_value:
            errors.append(
                Error(f"{name} is the development key.", hint=f"Set {name}.", id="core.E001")
            )
    if settings.DEV_FIELD_ENCRYPTION_KEY in settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error("FIELD_ENCRYPTION_KEYS holds the development key.", hint=FERNET_HINT,
                  id="core.E002")
        )
    if settings.DEBUG:
        errors.append(Error("DJANGO_DEBUG must be false in production.", id="core.E003"))
    return errors


@register(Tags.security, deploy=True)
def weak_keys(app_configs, **kwargs):
    errors = []
    for name in ("SECRET_KEY", "AUDIT_HMAC_KEY", "PII_HASH_KEY"):
        bits = key_entropy_bits(getattr(settings, name) or "")
        if bits < MIN_KEY_BITS:
            errors.append(Error(
                f"{name} has about {bits:.0f} bits of entropy; at least {MIN_KEY_BITS} "
                "(32 random bytes) are needed.", hint=KEY_HINT, id="core.E004"))
    keys = list(settings.FIELD_ENCRYPTION_KEYS or [])
    if not keys:
        errors.append(Error("FIELD_ENCRYPTION_KEYS is empty.", hint=FERNET_HINT,
                            id="core.E005"))
    for position, key in enumerate(keys, start=1):
        problem = _fernet_key_problem(key)
        if problem:
            errors.append(Error(f"FIELD_ENCRYPTION_KEYS key #{position} {problem}.",
                                hint=FERNET_HINT, id="core.E005"))
    return errors


@register(Tags.security, deploy=True)
def site_url_and_proxies(app_configs, **kwargs):
    errors = []
    url = urlsplit(settings.SITE_URL or "")
    if url.scheme != "https" or not url.netloc:
        errors.append(Error(
            f"SITE_URL must be an https:// address in production, not {settings.SITE_URL!r}: "
            "it is printed in certificate QR codes and e-mails.", id="core.E006"))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    proxies = list(getattr(settings, "TRUSTED_PROXIES", []) or [])
    if count and proxies:
        errors.append(Error("Set TRUSTED_PROXY_COUNT or TRUSTED_PROXIES, not both.",
                            id="core.E007"))
    if count < 0:
        errors.append(Error("TRUSTED_PROXY_COUNT cannot be negative.", id="core.E007"))
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            errors.append(Error(f"TRUSTED_PROXIES: {proxy!r} is not an address or network.",
                                id="core.E007"))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not proxy_configured():
        errors.append(Error(
            "SECURE_PROXY_SSL_HEADER is set but no proxy is configured: any client could "
            "claim its request came over https.",
            hint="Set TRUSTED_PROXY_COUNT or TRUSTED_PROXIES, or unset the header.",
            id="core.E008"))
    return errors
