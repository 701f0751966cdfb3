"""Fixtures for contests: a valid nested body, an open contest, workers with chosen facts."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import synthetic
from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.factories.contests import contest_with_structure

_rng = random.Random(3)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The user factories hash a password per user; PBKDF2 makes that ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def make_worker(*, birth: date | None = None, enterprise=None, **profile):
    """A worker whose profile has the given facts (industry, union_member, years...)."""
    birth = birth or date(1990, 5, 17)
    kwargs = {f"profile__{key}": value for key, value in profile.items()}
    return WorkerFactory(enterprise=enterprise,
                         profile__id_number=synthetic.id_number(_rng, birth=birth), **kwargs)


@pytest.fixture
def contest_body():
    """A valid body for POST /api/contests/ (a fresh dict each time)."""
    now = timezone.now()

    def build():
        return {
            "title": "2026年度先锋骑手评选",
            "kind": "award",
            "year": 2026,
            "industries": ["food_delivery", "express"],
            "blind": True,
            "registration_opens": (now + timedelta(days=1)).isoformat(),
            "registration_closes": (now + timedelta(days=20)).isoformat(),
            "judging_closes": (now + timedelta(days=40)).isoformat(),
            "notice_days": 5,
            "eligibility": {"min_years": 1, "union_member": True, "min_age": 18, "max_age": 60,
                            "max_nominees_per_enterprise": 2},
            "tracks": [{"name": "综合"}],
            "stages": [{
                "name": "终评", "aggregation": "trimmed_mean", "trim": 1, "normalize": "none",
                "panel_size": 5, "advance_top": None,
                "criteria": [
                    {"name": "事迹", "max_score": 40, "weight": 1, "kind": "judged"},
                    {"name": "服务", "max_score": 60, "weight": 1, "kind": "judged"},
                ],
                "tie_breaks": [{"criterion": "服务", "order": "desc"}],
            }],
            "tiers": [{"name": "先锋骑手", "quota": 10}],
        }

    return build


@pytest.fixture
def open_contest(db):
    """An award selection open for registration: food delivery, union members, 18–60,
    at least 1 year, 2 per enterprise."""
    return contest_with_structure(
        registration_open=True, min_years=1, union_member_required=True, min_age=18,
        max_age=60, max_nominees_per_enterprise=2,
    )


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def eligible_worker(db, enterprise):
    return make_worker(enterprise=enterprise)
