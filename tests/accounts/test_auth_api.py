"""POST /api/auth/token/ (with django-axes lockout) and GET /api/me/."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories.accounts import PASSWORD, JudgeFactory, WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]

TOKEN_URL = reverse("api-token")
ME_URL = reverse("api-me")


def _login(client, username, password, **extra):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json",
                       **extra)


def test_a_token_is_issued_and_opens_the_api(api_client):
    worker = WorkerFactory()
    response = _login(api_client, worker.username, PASSWORD)

    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert client.get(ME_URL).data["id"] == worker.pk


def test_the_token_opens_the_api_as_its_user_with_every_field_loaded():
    judge = JudgeFactory(real_name="李评委", phone="13800000001")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=judge).key}")

    me = client.get(ME_URL)

    assert me.status_code == 200
    assert (me.data["id"], me.data["username"]) == (judge.pk, judge.username)
    assert me.data["roles"] == ["judge"]


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Invalid token."), ("zh-hans", "认证令牌无效。")])
def test_an_unknown_token_is_a_401_in_the_readers_language(language, message):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40, HTTP_ACCEPT_LANGUAGE=language)

    response = client.get(ME_URL)

    assert response.status_code == 401
    assert response.data["detail"] == message


def test_the_token_of_a_deactivated_user_is_a_401():
    worker = WorkerFactory()
    key = Token.objects.create(user=worker).key
    User.objects.filter(pk=worker.pk).update(is_active=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")

    response = client.get(ME_URL)

    assert response.status_code == 401
    assert response.data["detail"] == "User inactive or deleted."


def test_a_wrong_password_is_a_400(api_client):
    worker = WorkerFactory()
    response = _login(api_client, worker.username, "wrong")
    assert response.status_code == 400 and "detail" in response.data


def test_missing_fields_are_named(api_client):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert {"username", "password"} <= set(response.data)


def test_axes_locks_out_after_repeated_failures_even_with_the_right_password(api_client,
                                                                             settings):
    settings.AXES_FAILURE_LIMIT = 3
    worker = WorkerFactory()
    for _attempt in range(3):
        _login(api_client, worker.username, "wrong")

    response = _login(api_client, worker.username, PASSWORD)

    assert response.status_code == 429
    assert "detail" in response.json()


def test_axes_locks_out_by_the_address_core_client_address_gives(api_client, settings):
    """Behind one configured proxy, the lockout is per forwarded client address (the same
    address the throttles and stored objections use), not per proxy."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    worker = WorkerFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _attempt in range(3):
        _login(api_client, worker.username, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.1",
               **proxy)

    locked = _login(api_client, worker.username, PASSWORD,
                    HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    other_client = _login(api_client, worker.username, PASSWORD,
                          HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)

    assert (locked.status_code, other_client.status_code) == (429, 200)


def test_me_shows_roles_and_the_own_profile_with_a_masked_id(worker_client, worker):
    response = worker_client.get(ME_URL)

    assert response.status_code == 200
    data = response.data
    assert data["roles"] == ["worker"]
    assert data["phone"] == worker.phone  # one's own phone is shown whole
    number = worker.worker_profile.decrypted_id_number()
    assert data["profile"]["id_number"] == number[:4] + "*" * 10 + number[-4:]
    assert number not in response.content.decode()


def test_me_for_a_judge_has_no_profile():
    judge = JudgeFactory()
    client = APIClient()
    client.force_authenticate(judge)
    data = client.get(ME_URL).data
    assert data["roles"] == ["judge"] and data["profile"] is None


def test_me_needs_a_login(api_client):
    assert api_client.get(ME_URL).status_code == 401
