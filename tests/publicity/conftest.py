"""Fixtures for publicity: the 2026 calendar as plain sets, for the pure functions."""

import pytest

from publicity.demo import CALENDAR_2026


@pytest.fixture
def cal2026():
    """(holidays, workdays) exactly as the seeder enters them for 2026."""
    holidays = {day for day, kind, _name in CALENDAR_2026 if kind == "holiday"}
    workdays = {day for day, kind, _name in CALENDAR_2026 if kind == "workday"}
    return holidays, workdays


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; PBKDF2 costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
