"""One phone, one worker account: a database constraint, so parallel sign-ups cannot make
two; the loser gets the same 400 naming `phone` as a sequential duplicate."""

import importlib
import random
import threading

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from accounts import synthetic
from accounts.models import User
from tests.factories.accounts import JudgeFactory, WorkerFactory

_rng = random.Random(99)


def _body(i, phone):
    return {
        "username": f"racer{i}", "password": "Ride-Safe-2026", "real_name": "王强",
        "phone": phone, "id_number": synthetic.id_number(_rng), "industry": "food_delivery",
        "union_member": True, "political_status": "masses", "years_in_industry": "1",
        "consent_publication": True,
    }


@pytest.mark.django_db
def test_the_database_refuses_a_second_worker_with_the_phone():
    WorkerFactory(phone="13800002222")
    JudgeFactory(phone="13800002222")  # staff may share a desk phone with a worker
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkerFactory(phone="13800002222")
    WorkerFactory(phone="")
    WorkerFactory(phone="")  # no phone is not a phone


@pytest.mark.django_db(transaction=True)  # the schema editor runs outside a transaction
def test_the_migration_keeps_the_phone_on_the_first_account_only():
    migration = importlib.import_module("accounts.migrations.0005_one_worker_per_phone")
    from django.apps import apps

    first = WorkerFactory(phone="13800003333")
    constraint = User._meta.constraints[0]
    with connection.schema_editor() as editor:  # as before the migration: no constraint
        editor.remove_constraint(User, constraint)
    try:
        later = WorkerFactory(phone="13800003333")
        even_later = WorkerFactory(phone="13800003333")
        other = WorkerFactory(phone="13900004444")
        migration.one_worker_per_phone(apps, None)
    finally:
        with connection.schema_editor() as editor:
            editor.add_constraint(User, constraint)
    assert User.objects.get(pk=first.pk).phone == "13800003333"
    assert User.objects.get(pk=later.pk).phone == ""
    assert User.objects.get(pk=even_later.pk).phone == ""
    assert User.objects.get(pk=other.pk).phone == "13900004444"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="needs PostgreSQL's concurrent inserts")
def test_fifty_parallel_sign_ups_with_one_phone_make_one_account():
    from rest_framework.throttling import ScopedRateThrottle

    racers = 50
    barrier = threading.Barrier(racers)
    answers = []

    def sign_up(i):
        client = APIClient()
        try:
            barrier.wait()
            response = client.post("/api/auth/register/", _body(i, "13812340000"),
                                   format="json", REMOTE_ADDR=f"198.51.100.{i}")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    with pytest.MonkeyPatch.context() as patch:  # the limits are not what is tested here
        patch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {
            **ScopedRateThrottle.THROTTLE_RATES, "register": "1000/hour",
            "register_phone": "1000/hour", "register_id_number": "1000/hour"})
        threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [400] * (racers - 1)
    for status, body in answers:
        if status == 400:
            assert body == {"phone": ["This phone number is already registered."]}
    assert User.objects.filter(phone="13812340000").count() == 1
