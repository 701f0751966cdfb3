"""GET/POST /api/enterprises/, including Idempotency-Key replays."""

import random

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import synthetic
from accounts.models import Enterprise
from audit.models import AuditEvent
from tests.factories.accounts import EnterpriseFactory, TradeUnionFactory, WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]

URL = reverse("api-enterprises")
_rng = random.Random(99)


def _body(**overrides):
    body = {"name": "沭阳县蜂鸟配送服务有限公司", "credit_code": synthetic.credit_code(_rng),
            "industry": "food_delivery", "is_key": True}
    body.update(overrides)
    return body


def test_any_logged_in_user_lists_enterprises_without_personal_data(worker_client):
    WorkerFactory(enterprise=EnterpriseFactory())
    response = worker_client.get(URL)

    assert response.status_code == 200
    row = response.data["results"][0]
    assert set(row) == {"id", "name", "credit_code", "industry", "is_key", "union", "created_at"}
    assert "phone" not in response.content.decode()


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_the_list_filters_by_industry(worker_client):
    EnterpriseFactory(industry="express")
    courier_firm = EnterpriseFactory(industry="express", is_key=True)
    EnterpriseFactory(industry="food_delivery")
    rows = worker_client.get(URL, {"industry": "express", "is_key": "true"}).data["results"]
    assert [row["id"] for row in rows] == [courier_firm.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(rows, worker, django_assert_num_queries):
    EnterpriseFactory.create_batch(rows, union=TradeUnionFactory())
    client = APIClient()
    client.force_authenticate(worker)
    with django_assert_num_queries(2):  # COUNT + one SELECT joining the union
        response = client.get(URL, {"page_size": 100})
    assert response.data["count"] == rows


def test_a_worker_cannot_create_an_enterprise(worker_client):
    assert worker_client.post(URL, _body(), format="json").status_code == 403
    assert not Enterprise.objects.exists()


def test_an_organizer_creates_an_enterprise_and_it_is_audited(organizer_client, organizer):
    body = _body(credit_code=_body()["credit_code"].lower())
    response = organizer_client.post(URL, body, format="json")

    assert response.status_code == 201, response.data
    enterprise = Enterprise.objects.get()
    assert response.data["id"] == enterprise.pk
    assert enterprise.credit_code == body["credit_code"].upper()
    event = AuditEvent.objects.get(action="accounts.enterprise_created")
    assert event.actor_id == organizer.pk and event.object_id == str(enterprise.pk)


@pytest.mark.parametrize(("field", "value"), [
    ("name", ""), ("credit_code", "91350100M000100Y44"), ("credit_code", "123"),
    ("industry", "mining"),
])
def test_bad_input_is_a_400_naming_the_field(organizer_client, field, value):
    response = organizer_client.post(URL, _body(**{field: value}), format="json")
    assert response.status_code == 400 and field in response.data
    assert not Enterprise.objects.exists()


def test_a_known_credit_code_is_a_400(organizer_client):
    existing = EnterpriseFactory()
    response = organizer_client.post(URL, _body(credit_code=existing.credit_code), format="json")
    assert response.status_code == 400 and "credit_code" in response.data


def test_the_same_idempotency_key_creates_once_and_replays(organizer_client):
    body = _body()
    first = organizer_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = organizer_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Enterprise.objects.count() == 1


def test_the_same_key_with_another_body_is_a_409(organizer_client):
    organizer_client.post(URL, _body(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    response = organizer_client.post(URL, _body(name="另一家公司"), format="json",
                                     HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 409
    assert Enterprise.objects.count() == 1
