"""Project-wide guarantees: migrations match the models, the API schema is valid, the
production settings pass Django's deploy checks, scripts can create the first organizer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "prod-" + Fernet.generate_key().decode() + Fernet.generate_key().decode(),
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "PII_HASH_KEY": Fernet.generate_key().decode(),
    "AUDIT_HMAC_KEY": Fernet.generate_key().decode(),
    "DJANGO_ALLOWED_HOSTS": "awards.union.example.cn",
    "SITE_URL": "https://awards.union.example.cn",
}


# Set for Playwright by the test command; never in production, and the deploy check says so.
TEST_ONLY_VARIABLES = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def _environment(overrides=None, *, drop=()):
    base = {k: v for k, v in os.environ.items()
            if k not in TEST_ONLY_VARIABLES and k not in drop}
    return {**base, **(overrides or {})}


def _manage(*args, env=None, drop=()):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        env=_environment(env, drop=drop), timeout=120,
    )


def test_migrations_match_the_models(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_api_schema_is_valid_without_warnings():
    result = _manage("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    assert result.returncode == 0, result.stderr[-3000:]


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_development_keys():
    keys = ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "PII_HASH_KEY", "AUDIT_HMAC_KEY")
    without_keys = {k: v for k, v in PRODUCTION_ENV.items() if k not in keys}
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     env=without_keys, drop=keys)
    assert result.returncode != 0
    for name in ("AUDIT_HMAC_KEY", "PII_HASH_KEY", "FIELD_ENCRYPTION_KEYS", "SECRET_KEY"):
        assert name in result.stderr


@pytest.mark.parametrize(("variable", "value", "check"), [
    ("AUDIT_HMAC_KEY", "x", "core.E004"),
    ("PII_HASH_KEY", "x", "core.E004"),
    ("DJANGO_SECRET_KEY", "short-but-not-the-development-key", "core.E004"),
    ("FIELD_ENCRYPTION_KEYS", "notakey", "core.E005"),
    ("SITE_URL", "http://awards.union.example.cn", "core.E006"),
])
def test_deploy_check_refuses_weak_secrets_and_an_http_site(variable, value, check):
    result = _manage("check", "--deploy", env={**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert check in result.stderr, result.stderr


def test_createsuperuser_noinput_makes_an_organizer(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Chief-Organizer-2026")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chief@union.example.cn")
    call_command("createsuperuser", "--noinput", verbosity=0)
    chief = get_user_model().objects.get(username="chief")
    assert chief.check_password("Chief-Organizer-2026")
    assert "organizer" in chief.roles and chief.is_organizer
