"""The quickstart's demo data: realistic, and loading it again duplicates nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.validators import parse_id_number

pytestmark = pytest.mark.integration

COUNTED = ["accounts.User", "accounts.Enterprise", "accounts.TradeUnion",
           "accounts.WorkerProfile", "contests.Contest", "contests.Entry",
           "publicity.CalendarDay", "audit.AuditEvent"]


def _counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def test_seed_demo_is_idempotent_and_its_logins_work(db, settings):
    settings.AXES_ENABLED = False  # authenticate() here has no request to count
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)

    assert _counts() == first
    assert first["accounts.WorkerProfile"] >= 300 and first["accounts.Enterprise"] >= 50
    assert first["contests.Contest"] >= 2 and first["contests.Entry"] > 0
    for username, password in [("organizer", "demo-Organizer-2026"),
                               ("judge1", "demo-Judge-2026"),
                               ("worker1", "demo-Worker-2026")]:
        assert authenticate(username=username, password=password) is not None, username


def test_demo_identifiers_are_valid(db):
    from accounts.models import Enterprise, WorkerProfile
    from accounts.validators import normalise_credit_code

    call_command("seed_demo", verbosity=0)
    for code in Enterprise.objects.values_list("credit_code", flat=True):
        normalise_credit_code(code)
    for profile in WorkerProfile.objects.all()[:50]:
        parse_id_number(profile.decrypted_id_number())
