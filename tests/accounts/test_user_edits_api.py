"""PATCH /api/users/{id}/: a worker edits their own e-mail, language and profile; an
organizer anyone's, names and phones too; all or nothing, 400 naming the field."""

import pytest

from accounts.models import User
from tests.factories.accounts import WorkerFactory
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api, pytest.mark.django_db]

PATH = "/api/users/{id}/"


def test_a_worker_edits_their_own_contact_and_profile(worker, worker_client):
    response = worker_client.patch(f"/api/users/{worker.pk}/", {
        "email": "rider@example.cn", "preferred_language": "en",
        "profile": {"union_member": True, "years_in_industry": "4.5"},
    }, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["preferred_language"] == "en"
    assert body["profile"]["union_member"] is True
    assert body["profile"]["years_in_industry"] == "4.5"
    worker.refresh_from_db()
    assert worker.email == "rider@example.cn"
    assert_documented(response, "PATCH", PATH)


def test_a_worker_cannot_edit_someone_else(worker_client):
    other = WorkerFactory()
    response = worker_client.patch(f"/api/users/{other.pk}/", {"email": "x@example.cn"},
                                   format="json")
    assert response.status_code == 404


def test_a_worker_changes_a_phone_only_through_the_sms_code(worker, worker_client):
    before = worker.phone
    response = worker_client.patch(f"/api/users/{worker.pk}/",
                                   {"phone": "13912345678", "email": "ok@example.cn"},
                                   format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    worker.refresh_from_db()
    assert (worker.phone, worker.email) == (before, "")  # nothing written
    assert_documented(response, "PATCH", PATH)


def test_an_organizer_edits_anyones_phone_and_name(organizer_client, worker):
    response = organizer_client.patch(f"/api/users/{worker.pk}/",
                                      {"phone": "139 1234 5678", "real_name": "王小明"},
                                      format="json")

    assert response.status_code == 200, response.content
    worker.refresh_from_db()
    assert (worker.phone, worker.real_name) == ("13912345678", "王小明")


def test_a_bad_profile_value_is_named(worker, worker_client):
    response = worker_client.patch(f"/api/users/{worker.pk}/",
                                   {"profile": {"political_status": "king"}}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["profile.political_status"]


def test_a_phone_another_worker_has_is_refused(organizer_client, worker):
    other = WorkerFactory(phone="13800001111")
    response = organizer_client.patch(f"/api/users/{worker.pk}/", {"phone": other.phone},
                                      format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert User.objects.filter(phone=other.phone).count() == 1
