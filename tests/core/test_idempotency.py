"""Idempotency-Key semantics shared by every write (exercised on POST /api/enterprises/)."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import synthetic
from accounts.models import Enterprise
from core.models import IdempotencyRecord

pytestmark = pytest.mark.api


def _body():
    return {"name": "泰州市海陵区闪送服务有限公司", "industry": "express", "is_key": False,
            "credit_code": synthetic.credit_code(random.Random(7))}


def _post(client, body, key):
    return client.post("/api/enterprises/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_replay_is_marked_and_writes_nothing(organizer_client):
    body = _body()
    first = _post(organizer_client, body, "k-1")
    again = _post(organizer_client, body, "k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Enterprise.objects.count() == 1


def test_a_request_still_running_answers_409(organizer_client, organizer):
    IdempotencyRecord.objects.create(user=organizer, key="k-2", fingerprint="x" * 64)
    response = _post(organizer_client, _body(), "k-2")
    assert response.status_code == 409
    assert Enterprise.objects.count() == 0


def test_after_24_hours_the_key_is_new_again(organizer_client):
    body = _body()
    assert _post(organizer_client, body, "k-3").status_code == 201
    IdempotencyRecord.objects.filter(key="k-3").update(
        created_at=timezone.now() - timedelta(hours=25))
    # Not replayed: the write runs again and meets the real rule (credit code taken).
    response = _post(organizer_client, body, "k-3")
    assert response.status_code == 400 and "credit_code" in response.json()


def test_keys_belong_to_their_user(organizer_client, api_client):
    from tests.factories.accounts import OrganizerFactory

    body = _body()
    assert _post(organizer_client, body, "shared").status_code == 201
    other = OrganizerFactory()
    api_client.force_authenticate(other)
    response = _post(api_client, {**body, "credit_code": synthetic.credit_code(
        random.Random(8))}, "shared")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Enterprise.objects.count() == 2


def test_a_rejected_request_frees_its_key_for_the_corrected_one(organizer_client):
    """A 400 wrote nothing (all or nothing), so the client may fix the body and retry
    with the same key instead of getting a 409 for a 'different request'."""
    body = _body()
    assert _post(organizer_client, {**body, "credit_code": "not-a-code"}, "k-4").status_code == 400
    assert not IdempotencyRecord.objects.filter(key="k-4").exists()
    assert _post(organizer_client, body, "k-4").status_code == 201
    assert Enterprise.objects.count() == 1
