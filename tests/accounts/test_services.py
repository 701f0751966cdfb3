"""Service rules that do not depend on HTTP."""

import pytest

from accounts import demo, services
from accounts.models import Enterprise, TradeUnion, User, WorkerProfile
from core.errors import InvalidInput, PermissionDenied
from tests.factories.accounts import JudgeFactory, WorkerFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.mark.parametrize("factory", [JudgeFactory, WorkerFactory])
def test_only_organizers_create_users_and_enterprises(factory):
    actor = factory()
    with pytest.raises(PermissionDenied):
        services.create_user(actor=actor, username="x", role="judge", real_name="某某")
    with pytest.raises(PermissionDenied):
        services.create_enterprise(actor=actor, name="x", credit_code="x",
                                   industry="express")


def test_revealing_is_for_organizers_only(worker):
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(actor=worker, profile=worker.worker_profile, reason="x")


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def _demo_counts():
    return (TradeUnion.objects.count(), Enterprise.objects.count(), User.objects.count(),
            WorkerProfile.objects.count())


def test_demo_data_is_realistic_and_idempotent(settings):
    # How long seeding takes is measured in bench/demo_data.py, not asserted here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    demo.seed(stdout=_Out())
    first = _demo_counts()
    demo.seed(stdout=_Out())

    assert _demo_counts() == first
    assert first[0] == 5 and 45 <= first[1] <= 55 and first[3] == 300
    assert User.objects.get(username="organizer").check_password("demo-Organizer-2026")
    assert User.objects.get(username="judge6").check_password("demo-Judge-2026")
    assert User.objects.get(username="worker1").check_password("demo-Worker-2026")
    statuses = set(WorkerProfile.objects.values_list("political_status", flat=True))
    assert {"party_member", "probationary_member"} <= statuses
    assert User.objects.filter(role="judge", enterprise__isnull=False).exists()


def test_a_sign_up_losing_a_race_for_an_id_number_gets_a_400_on_id_number(monkeypatch):
    existing = WorkerFactory().worker_profile.decrypted_id_number()
    real_check = services._check_worker_not_registered
    calls = []

    def blind_first_check(worker, errors):
        # The first check runs before the rival's row is visible; the recheck after.
        calls.append(worker)
        if len(calls) > 1:
            real_check(worker, errors)

    monkeypatch.setattr(services, "_check_worker_not_registered", blind_first_check)
    before = User.objects.count()
    with pytest.raises(InvalidInput) as exc_info:
        services.register_worker(
            username="late", password="Late-Comer-2026", real_name="迟到", phone="13600001111",
            id_number=existing, industry="express", union_member=False,
            political_status="masses", years_in_industry=1, consent_publication=True,
        )
    assert "id_number" in exc_info.value.as_data()
    assert User.objects.count() == before
