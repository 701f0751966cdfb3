import pytest
from django.test import override_settings

from tests.factories.accounts import WorkerFactory

pytestmark = pytest.mark.api


@pytest.fixture
def chinese_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def test_the_default_language_is_simplified_chinese(chinese_default, client, db):
    response = client.get("/")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "县总工会" in response.content.decode()


def test_api_errors_come_in_chinese_by_default(chinese_default, api_client, db):
    response = api_client.post("/api/auth/register/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["phone"] == ["此项为必填项。"]


def test_english_is_chosen_by_the_browser(chinese_default, client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    assert "Skills contests and awards for gig workers" in response.content.decode()


@override_settings(LANGUAGE_CODE="zh-hans")
def test_a_translated_domain_message_reaches_the_worker(api_client, db):
    worker = WorkerFactory()
    api_client.force_authenticate(worker)
    response = api_client.get(f"/api/users/{worker.pk + 1000}/")
    assert response.status_code == 404
    assert response.json()["detail"] != "Not found."
