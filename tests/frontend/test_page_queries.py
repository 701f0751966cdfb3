"""Every list page runs a fixed number of queries: the same with 1 row and with 50."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contests.models import Contest
from notifications.services import notify
from publicity.models import Notice
from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.factories.contests import (
    AttachmentFactory,
    ContestFactory,
    EntryFactory,
    contest_with_structure,
)
from tests.factories.publicity import (
    CertificateFactory,
    NoticeFactory,
    contest_with_results,
    publish,
)

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def worker_client(worker) -> Client:
    client = Client()
    client.force_login(worker, backend="accounts.backends.UsernameOrPhoneBackend")
    return client


def open_contests(_worker, n: int) -> None:
    for _ in range(n):
        contest_with_structure(registration_open=True)


def open_contests_for_an_enterprise_worker(worker, n: int) -> None:
    """The worker works for an enterprise: how many of their enterprise's workers entered
    each contest is read too (a contest may cap its nominees per enterprise)."""
    worker.enterprise = EnterpriseFactory()
    worker.save(update_fields=["enterprise"])
    open_contests(worker, n)


def published_contests(_worker, n: int) -> None:
    open_contests(_worker, 1)
    for _ in range(n):
        contest_with_structure(state=Contest.State.FINAL)


def entries_of(worker, n: int) -> None:
    for _ in range(n):
        EntryFactory(worker=worker, contest=ContestFactory(registration_open=True))


def notifications_of(worker, n: int) -> None:
    for i in range(n):
        notify(worker, "entry_qualified", f"报名已通过资格审查 {i}", "", f"/entries/{i + 1}/",
               email=False)


def certificates_of(worker, n: int) -> None:
    for _ in range(n):
        CertificateFactory(holder=worker)


def evidence_of(entry, n: int) -> None:
    AttachmentFactory.create_batch(n, entry=entry)


# page: (rows builder, url, queries) — the query count is the same at 1 and at 50 rows.
# Session + user are 2 of them; the unread count in the top bar is 1 for a logged-in user.
CASES = {
    # + the count of published contests (their section is paged)
    "contests": (open_contests, lambda w: "/contests/", 12),
    "contests, published": (published_contests, lambda w: "/contests/", 12),
    # + the entries of the worker's enterprise per contest (as bench/province.py's worker)
    "contests, enterprise worker": (open_contests_for_an_enterprise_worker,
                                    lambda w: "/contests/", 13),
    "entries": (entries_of, lambda w: "/entries/", 7),
    "notifications": (notifications_of, lambda w: "/notifications/", 5),
    "certificates": (certificates_of, lambda w: "/certificates/", 5),
}


@pytest.mark.parametrize("page", sorted(CASES))
def test_worker_list_pages_run_a_fixed_number_of_queries(page):
    build, url, expected = CASES[page]
    one, fifty = WorkerFactory(), WorkerFactory()
    build(one, 1)
    build(fifty, 50)
    counts = [queries(worker_client(one), url(one)), queries(worker_client(fifty), url(fifty))]
    assert counts == [expected, expected]


def test_an_entry_page_runs_a_fixed_number_of_queries_whatever_its_files():
    counts = []
    for n in (1, 20):  # 20 files is the most an entry may have
        entry = EntryFactory(contest=contest_with_structure(registration_open=True),
                             status="draft")
        evidence_of(entry, n)
        counts.append(queries(worker_client(entry.worker), f"/entries/{entry.pk}/"))
    assert counts == [6, 6]


def test_the_home_page_runs_a_fixed_number_of_queries():
    counts = []
    for n in (1, 50):
        Notice.objects.all().delete()
        for _ in range(n):
            NoticeFactory(lines=[{"rank": 1, "track": "综合", "award": "一等奖", "name": "张*",
                                  "enterprise": "美团", "withheld": False}] * 3)
        open_contests(None, 1 if n == 1 else 5)
        cache.clear()  # anonymous readers share a cached copy (core/public_cache.py)
        counts.append(queries(Client(), "/"))
    assert counts == [3, 3]


def test_a_notice_page_runs_a_fixed_number_of_queries():
    counts = []
    for n in (1, 50):
        notice = NoticeFactory(lines=[{"rank": i, "track": "综合", "award": "优秀奖",
                                       "name": "张*", "enterprise": "美团", "withheld": False}
                                      for i in range(n)])
        counts.append(queries(Client(), f"/notices/{notice.pk}/"))
    assert counts == [1, 1]


def test_the_results_page_runs_a_fixed_number_of_queries():
    counts = []
    for losers in (0, 49):
        built = contest_with_results(winners=1, losers=losers, judges=1)
        publish(built.contest, built.organizer)
        counts.append(queries(Client(), f"/contests/{built.contest.pk}/results/"))
    assert counts == [6, 6]
