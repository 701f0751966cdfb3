"""Fixtures for publicity: the 2026 calendar as plain sets, for the pure functions."""

import pytest

from publicity.demo import CALENDAR_2026


@pytest.fixture
def cal2026():
    """(holidays, workdays) exactly as the seeder enters them for 2026."""
    holidays = {day for day, kind, _name in CALENDAR_2026 if kind == "holiday"}
    workdays = {day for day, kind, _name in CALENDAR_2026 if kind == "workday"}
    return holidays, workdays
