"""Only organizers use the console: anonymous visitors are sent to log in, judges and
workers get 403 on every page and every write, as the API's organizer-only operations
answer them; nothing is written."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import Contest, Entry
from tests.factories.accounts import JudgeFactory, WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure

pytestmark = pytest.mark.api

PAGES = ["dashboard", "contests", "contest-new", "notices", "certificates", "people",
         "roster", "enterprises", "audit", "nominations", "nomination-round-new"]
CONTEST_PAGES = ["contest", "contest-edit", "entries", "entries-export", "judging", "plots",
                 "results", "publication", "contest-audit"]


@pytest.fixture
def contest(db):
    return contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)


def _urls(contest):
    return ([reverse(f"console:{name}") for name in PAGES]
            + [reverse(f"console:{name}", args=[contest.pk]) for name in CONTEST_PAGES])


def test_anonymous_visitors_are_sent_to_log_in(contest):
    for url in _urls(contest):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("factory", [JudgeFactory, WorkerFactory])
def test_judges_and_workers_are_refused_every_page(contest, factory):
    client = Client()
    client.force_login(factory())
    for url in _urls(contest):
        assert client.get(url).status_code == 403, url


def test_a_worker_cannot_qualify_an_entry_through_the_console(contest):
    entry = EntryFactory(contest=contest, track=contest.tracks.get(),
                         status=Entry.Status.SUBMITTED)
    client = Client()
    client.force_login(WorkerFactory())
    url = reverse("console:entry-review", args=[contest.pk, entry.pk])
    assert client.post(url, {"decision": "qualify"}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED


def test_an_organizer_opens_every_page(console, contest):
    for url in _urls(contest):
        assert console.get(url).status_code == 200, url


def test_an_unknown_contest_is_404(console):
    assert console.get(reverse("console:entries", args=[999999])).status_code == 404
