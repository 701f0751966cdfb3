"""Province scale: the dashboard shows the contests in progress, the contest list and a
nomination board's columns are paged (a thousand contests and nominations over years)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.models import Contest
from nominations.models import Nomination
from tests.factories.contests import ContestFactory
from tests.factories.nominations import NominationFactory, RoundFactory

from .conftest import page

pytestmark = pytest.mark.api


def _contest_titles(html: str) -> list[str]:
    return re.findall(r"(2026年先锋骑手评选\d+)", html)


def test_the_contest_list_is_paged_newest_first_and_keeps_the_state_filter(console):
    now = timezone.now()
    contests = [
        ContestFactory(state=Contest.State.FINAL, registration_opens=now - timedelta(days=400 - i))
        for i in range(60)
    ]
    ContestFactory(state=Contest.State.DRAFT, registration_opens=now - timedelta(days=500))
    newest_first = [c.title for c in reversed(contests)]
    url = reverse("console:contests")

    first = page(console.get(url, {"state": "final"}))
    second = page(console.get(url, {"state": "final", "page": 2}))

    assert _contest_titles(first) == newest_first[:50]
    assert _contest_titles(second) == newest_first[50:]
    assert 'href="?state=final&amp;page=2"' in first
    assert 'aria-current="page"' in first


def test_the_dashboard_leaves_final_and_cancelled_contests_to_the_list(console):
    live = ContestFactory(state=Contest.State.REGISTRATION_OPEN)
    final = ContestFactory(state=Contest.State.FINAL)
    cancelled = ContestFactory(state=Contest.State.CANCELLED)
    html = page(console.get(reverse("console:dashboard")))
    assert live.title in html
    assert final.title not in html and cancelled.title not in html
    assert f'href="{reverse("console:contests")}"' in html


def _names(html: str) -> list[str]:
    return re.findall(r"<strong>(候选\d+)</strong>", html)


def test_a_board_column_shows_the_best_ranked_and_pages_the_rest(console):
    round_ = RoundFactory()
    nominations = [
        NominationFactory(
            round=round_, worker__real_name=f"候选{i:02d}", composite_score=Decimal(90) - i
        )
        for i in range(60)
    ]
    NominationFactory(
        round=round_, worker__real_name="候选99", status=Nomination.Status.UNION_APPROVED
    )
    best_first = [n.worker.real_name for n in nominations]
    url = reverse("console:nomination-round", args=[round_.pk])

    board = page(console.get(url, {"post": "peoples_congress"}))
    assert _names(board) == [*best_first[:20], "候选99"]
    assert "(60)" in board
    assert 'href="?post=peoples_congress&amp;status=eligible"' in board

    column = {"post": "peoples_congress", "status": "eligible"}
    first = page(console.get(url, column))
    second = page(console.get(url, {**column, "page": 2}))
    assert _names(first) == best_first[:50]
    assert _names(second) == best_first[50:]
    assert 'href="?post=peoples_congress&amp;status=eligible&amp;page=2"' in first


def test_entry_counts_per_contest_by_status_and_zero_without_entries(db):
    """The counts the dashboard and the contest list show, one subquery per count."""
    from contests.models import Entry
    from frontend.console.overview import contests_with_counts
    from tests.factories.contests import EntryFactory, contest_with_structure

    busy, empty = contest_with_structure(), ContestFactory()
    track = busy.tracks.get()
    for status, n in ((Entry.Status.DRAFT, 1), (Entry.Status.SUBMITTED, 2),
                      (Entry.Status.QUALIFIED, 3), (Entry.Status.REJECTED, 1)):
        EntryFactory.create_batch(n, contest=busy, track=track, status=status)
    counts = {c.pk: (c.entries_total, c.entries_waiting, c.entries_qualified)
              for c in contests_with_counts(Contest.objects.filter(pk__in=[busy.pk, empty.pk]))}
    assert counts == {busy.pk: (6, 2, 3), empty.pk: (0, 0, 0)}
