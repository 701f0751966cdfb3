"""Invalid query values: a 400 naming the parameter, never a silent 200."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.mark.parametrize("path, param", [
    ("/api/contests/?state=AAA", "state"),
    ("/api/contests/?year=0.5", "year"),
    ("/api/contests/?page_size=null", "page_size"),
    ("/api/contests/?page_size=0", "page_size"),
    ("/api/contests/?page_size=-3", "page_size"),
    ("/api/notices/?page_size=abc", "page_size"),
    ("/api/notices/?contest=0.5", "contest"),
])
def test_an_invalid_public_list_query_is_a_400_naming_the_parameter(path, param):
    response = Client().get(path)

    assert response.status_code == 400, response.content
    assert list(response.json()) == [param]


@pytest.mark.parametrize("query", ["unread=null", "unread=2", "unread=yes"])
def test_an_invalid_unread_flag_is_a_400(organizer, query):
    client = Client()
    client.force_login(organizer)

    response = client.get(f"/api/notifications/?{query}")

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["unread"]


def test_valid_query_values_still_filter_and_page(organizer):
    from tests.factories.contests import ContestFactory

    ContestFactory(year=2025, state="registration_open")
    ContestFactory.create_batch(3, year=2026, state="registration_open")
    client = Client()
    client.force_login(organizer)

    response = client.get("/api/contests/?year=2026&state=registration_open&page_size=2")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 2
    assert len(client.get("/api/contests/?page_size=9999").json()["results"]) == 4
    assert client.get("/api/contests/?page_size=").json()["count"] == 4


def test_an_invalid_boolean_filter_is_a_400(organizer):
    client = Client()
    client.force_login(organizer)

    response = client.get("/api/enterprises/?is_key=null")

    assert response.status_code == 400
    assert list(response.json()) == ["is_key"]


def test_unread_true_and_false_filter_the_notifications(organizer):
    from django.utils import timezone

    from notifications.models import Notification

    Notification.objects.create(user=organizer, title="a", body="a")
    Notification.objects.create(user=organizer, title="b", body="b", read_at=timezone.now())
    client = Client()
    client.force_login(organizer)

    unread = client.get("/api/notifications/?unread=TRUE").json()["results"]
    read = client.get("/api/notifications/?unread=0").json()["results"]
    assert [n["title"] for n in unread] == ["a"]
    assert [n["title"] for n in read] == ["b"]


def test_every_paginated_list_documents_its_400():
    paths = Client().get("/api/schema/?format=json").json()["paths"]
    lists = {path: item["get"] for path, item in paths.items()
             if any(p["name"] == "page_size" for p in item.get("get", {}).get("parameters", []))}

    assert "/api/contests/" in lists and "/api/notifications/" in lists
    assert [path for path, get in lists.items() if "400" not in get["responses"]] == []


def test_the_schema_says_page_size_starts_at_one(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/scorecards/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
