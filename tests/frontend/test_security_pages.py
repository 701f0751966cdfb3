"""Pages keep the API's security promises: the same sign-up limits (and counters), the
real client address, a clean answer to any typed certificate number."""

import random

import pytest
from django.urls import reverse

from accounts import synthetic
from accounts.models import User

pytestmark = [pytest.mark.api, pytest.mark.django_db]

_rng = random.Random(11)


def _signup(i, **overrides):
    data = {
        "real_name": "王强", "id_number": synthetic.id_number(_rng), "phone": f"139{i:08d}",
        "industry": "food_delivery", "years_in_industry": "3", "union_member": "yes",
        "political_status": "masses", "username": f"page_rider{i}",
        "password": "Ride-Safe-2026", "consent_publication": "yes",
    }
    data.update(overrides)
    return data


@pytest.fixture
def low_rates():
    from rest_framework.throttling import ScopedRateThrottle

    patch = pytest.MonkeyPatch()
    patch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {
        **ScopedRateThrottle.THROTTLE_RATES, "register": "2/10m", "register_phone": "2/hour"})
    yield
    patch.undo()


def test_the_signup_page_counts_the_api_sign_up_limit_per_address(client, low_rates):
    url = reverse("worker:signup")
    first = client.post(url, _signup(1), REMOTE_ADDR="203.0.113.7")
    client.logout()
    api = client.post("/api/auth/register/", {
        **_signup(2), "union_member": True, "consent_publication": True,
        "political_status": "masses"}, content_type="application/json",
        REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    third = client.post(url, _signup(3), REMOTE_ADDR="203.0.113.7",
                        HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert (first.status_code, api.status_code, third.status_code) == (302, 201, 429)
    assert "Too many sign-ups" in third.content.decode()
    assert User.objects.filter(role="worker").count() == 2


def test_the_signup_page_limits_one_phone_from_any_address(client, low_rates):
    url = reverse("worker:signup")
    statuses = [client.post(url, _signup(i, phone="13800001111", password="x"),
                            REMOTE_ADDR=f"198.51.100.{i}").status_code for i in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.parametrize("typed", ["a/b", "../../etc", "GH2026/ABCD", "%00", "<script>"])
@pytest.mark.parametrize("debug", [True, False])
def test_any_typed_certificate_number_gets_a_clean_page(client, settings, typed, debug):
    settings.DEBUG = debug
    response = client.get("/verify/", {"number": typed}, follow=True)
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-status="unknown"' in page
    assert "<script>" not in page
