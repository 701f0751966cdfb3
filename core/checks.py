"""Deploy checks: `manage.py check --deploy` fails while a development key is in use."""

from django.conf import settings
from django.core.checks import Error, Tags, register


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
            Error(
                "FIELD_ENCRYPTION_KEYS holds the development key.",
                hint="Generate one: python -c 'from cryptography.fernet import Fernet;"
                "print(Fernet.generate_key().decode())'",
                id="core.E002",
            )
        )
    if settings.DEBUG:
        errors.append(Error("DJANGO_DEBUG must be false in production.", id="core.E003"))
    return errors
