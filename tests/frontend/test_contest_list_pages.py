"""The worker's contest list: open and running contests always all shown, the published
ones (950 over five years at province scale) paged, newest first."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from contests.models import Contest
from tests.factories.contests import ContestFactory

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return re.findall(r"(2026年先锋骑手评选\d+)", html)


def test_published_contests_are_paged_newest_first_open_ones_on_every_page():
    now = timezone.now()
    opened = ContestFactory(registration_open=True)
    published = [
        ContestFactory(state=Contest.State.FINAL, registration_closes=now - timedelta(days=400 - i))
        for i in range(25)
    ]
    newest_first = [c.title for c in reversed(published)]

    first = Client().get("/contests/").content.decode()
    second = Client().get("/contests/", {"page": 2}).content.decode()

    published_part = first.split('id="published"')[1]
    assert _titles(published_part) == newest_first[:20]
    assert _titles(second.split('id="published"')[1]) == newest_first[20:]
    assert opened.title in first and opened.title in second
    assert 'href="?page=2#published"' in published_part
    assert 'aria-current="page"' in published_part
