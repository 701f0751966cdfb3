"""Query counts found by the province-scale benchmark (`bench/province.py`): what the
pinned tests missed because their workers had no enterprise."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.factories.publicity import contest_with_results, publish

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def page_queries(url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_public_results_page_loads_the_winners_enterprises_with_the_rows():
    counts = []
    for n in (1, 12):
        workers = [WorkerFactory(enterprise=EnterpriseFactory()) for _ in range(n)]
        built = contest_with_results(winners=n, losers=0, judges=1, workers=workers)
        publish(built.contest, built.organizer)
        counts.append(page_queries(f"/contests/{built.contest.pk}/results/"))
    assert counts[0] == counts[1]
