"""The logged-in user's notifications: list, unread filter, mark read."""

import pytest

from notifications.models import Notification
from tests.factories.accounts import WorkerFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]

URL = "/api/notifications/"


def make(user, n=1, **kwargs):
    return [Notification.objects.create(user=user, kind="k", title=f"t{i}", send_email=False,
                                        **kwargs) for i in range(n)]


def test_lists_only_own_newest_first(worker, worker_client):
    mine = make(worker, 2)
    make(WorkerFactory())
    response = worker_client.get(URL)
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [mine[1].pk, mine[0].pk]
    assert set(response.data["results"][0]) == {"id", "kind", "title", "body", "link",
                                                "is_read", "read_at", "created_at"}


def test_unread_filter_and_marking(worker, worker_client):
    first, second = make(worker, 2)
    response = worker_client.post(f"{URL}{first.pk}/read/")
    assert response.status_code == 200 and response.data["is_read"]
    unread = worker_client.get(URL, {"unread": "true"}).data["results"]
    assert [row["id"] for row in unread] == [second.pk]
    assert worker_client.get(f"{URL}unread-count/").data == {"unread": 1}
    assert worker_client.post(f"{URL}read-all/").data == {"updated": 1}
    assert worker_client.get(f"{URL}unread-count/").data == {"unread": 0}


def test_someone_elses_notification_is_404(worker_client):
    other = make(WorkerFactory())[0]
    assert worker_client.post(f"{URL}{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_anonymous_is_401(api_client):
    assert api_client.get(URL).status_code == 401


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_fixed(worker, worker_client, django_assert_num_queries, rows):
    make(worker, rows)
    with django_assert_num_queries(2):
        worker_client.get(URL)
