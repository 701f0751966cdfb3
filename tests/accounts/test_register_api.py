"""POST /api/auth/register/: worker sign-up, explicit consent, bad input names the field."""

import random

import pytest
from django.urls import reverse

from accounts import synthetic
from accounts.models import User, WorkerProfile
from audit.models import AuditEvent
from tests.factories.accounts import EnterpriseFactory, WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]

URL = reverse("api-register")
_rng = random.Random(7)


def _body(**overrides):
    body = {
        "username": "rider_wang",
        "password": "Ride-Safe-2026",
        "real_name": "王强",
        "phone": "13812345678",
        "id_number": synthetic.id_number(_rng),
        "industry": "food_delivery",
        "union_member": True,
        "political_status": "party_member",
        "years_in_industry": "3.5",
        "consent_publication": True,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def _counts():
    return User.objects.count(), WorkerProfile.objects.count(), AuditEvent.objects.count()


def test_a_worker_signs_up_and_consent_is_recorded_with_time(api_client):
    enterprise = EnterpriseFactory()
    body = _body(enterprise=enterprise.pk)
    response = api_client.post(URL, body, format="json")

    assert response.status_code == 201, response.data
    user = User.objects.get(username="rider_wang")
    profile = user.worker_profile
    assert (user.role, user.real_name, user.enterprise) == ("worker", "王强", enterprise)
    assert user.check_password("Ride-Safe-2026")
    assert profile.consent_publication is True and profile.consent_at is not None
    assert profile.decrypted_id_number() == body["id_number"]
    assert str(profile.years_in_industry) == "3.5"
    event = AuditEvent.objects.get(action="accounts.worker_registered")
    assert event.object_id == str(user.pk) and event.data["consent_publication"] is True


def test_the_registration_answer_is_masked(api_client):
    body = _body()
    response = api_client.post(URL, body, format="json")

    assert response.status_code == 201
    data = response.data
    assert data["id"] and data["profile"]["id"]
    assert data["phone"] == "138****5678"
    masked = data["profile"]["id_number"]
    assert masked == body["id_number"][:4] + "*" * 10 + body["id_number"][-4:]
    assert body["id_number"] not in str(response.content)


def test_refusing_publication_is_allowed_and_leaves_no_consent_time(api_client):
    response = api_client.post(URL, _body(consent_publication=False), format="json")

    assert response.status_code == 201
    profile = WorkerProfile.objects.get()
    assert profile.consent_publication is False and profile.consent_at is None


BAD_FIELDS = [
    ("username", ""),
    ("username", "has space!"),
    ("password", "123"),
    ("real_name", ""),
    ("phone", "12345678901"),
    ("id_number", "321322199001011257"),   # wrong check digit
    ("id_number", "321322199002301230"),   # 30 February
    ("id_number", "110105491231002"),      # 15-digit legacy number
    ("industry", "farming"),
    ("union_member", ...),                 # missing
    ("political_status", "anarchist"),
    ("years_in_industry", "-1"),
    ("years_in_industry", "2.55"),
    ("consent_publication", ...),          # consent must be answered, yes or no
    ("enterprise", 999_999),
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
def test_each_bad_field_is_a_400_naming_it_and_nothing_is_written(api_client, field, value):
    before = _counts()
    response = api_client.post(URL, _body(**{field: value}), format="json")

    assert response.status_code == 400
    assert field in response.data, response.data
    assert _counts() == before


def test_a_duplicate_id_number_is_a_400_on_id_number(api_client):
    existing = WorkerFactory()
    number = existing.worker_profile.decrypted_id_number()
    before = _counts()

    response = api_client.post(URL, _body(id_number=number.lower()), format="json")

    assert response.status_code == 400
    assert list(response.data) == ["id_number"]
    assert _counts() == before


def test_a_taken_username_is_a_400_on_username(api_client):
    WorkerFactory(username="rider_wang")
    response = api_client.post(URL, _body(), format="json")
    assert response.status_code == 400 and "username" in response.data


def test_a_phone_of_another_worker_is_a_400_on_phone(api_client):
    WorkerFactory(phone="13812345678")
    response = api_client.post(URL, _body(), format="json")
    assert response.status_code == 400 and "phone" in response.data


def test_several_bad_fields_are_reported_together(api_client):
    response = api_client.post(URL, _body(phone="1", id_number="x", password="1"), format="json")
    assert response.status_code == 400
    assert {"phone", "id_number", "password"} <= set(response.data)


# --- Limits: per address (a crowd on one Wi-Fi fits), per phone, per ID number -------------

def _rider(i):
    return _body(username=f"rider{i:03d}", phone=f"139{i:08d}",
                 id_number=synthetic.id_number(_rng))


def _patched_rates(**rates):
    from rest_framework.throttling import ScopedRateThrottle

    patch = pytest.MonkeyPatch()
    patch.setattr(ScopedRateThrottle, "THROTTLE_RATES",
                  {**ScopedRateThrottle.THROTTLE_RATES, **rates})
    return patch


def test_fifty_riders_on_one_wifi_all_register(api_client):
    # The documented defaults: 100 per 10 minutes per address.
    statuses = [api_client.post(URL, _rider(i), format="json", REMOTE_ADDR="203.0.113.50")
                .status_code for i in range(50)]
    assert statuses == [201] * 50
    assert User.objects.filter(role="worker").count() == 50


def test_the_per_address_limit_is_per_real_address_not_per_forged_header(api_client):
    patch = _patched_rates(register="3/10m")
    try:
        statuses = [
            api_client.post(URL, _rider(i), format="json", REMOTE_ADDR="203.0.113.50",
                            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
            for i in range(4)
        ]
        other = api_client.post(URL, _rider(9), format="json", REMOTE_ADDR="203.0.113.51")
    finally:
        patch.undo()
    assert statuses == [201, 201, 201, 429]
    assert other.status_code == 201


@pytest.mark.parametrize(("field", "variants"), [
    ("phone", ["13812345678", "138 1234 5678", "+86 138-1234-5678"]),
    ("id_number", None),
])
def test_one_phone_or_id_number_is_limited_whatever_the_address(api_client, field, variants):
    patch = _patched_rates(register_phone="3/hour", register_id_number="3/hour")
    same = synthetic.id_number(_rng)
    try:
        statuses = []
        for i in range(4):
            body = _rider(i)
            if field == "phone":
                body["phone"] = variants[i % len(variants)]
            else:
                body["id_number"] = same if i % 2 else same.lower()
            body["password"] = "short"  # failing attempts count too
            statuses.append(api_client.post(URL, body, format="json",
                                            REMOTE_ADDR=f"198.51.100.{i}").status_code)
    finally:
        patch.undo()
    assert statuses == [400, 400, 400, 429]
