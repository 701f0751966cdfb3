"""Public reads are cached for anonymous visitors (ETag, Cache-Control), and publishing, an
objection's resolution and finalization invalidate what they change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from contests.models import Contest
from contests.transitions import transition_contest
from publicity.models import Notice, Objection
from publicity.services.objections import resolve_objection
from tests.factories.publicity import (
    ObjectionFactory,
    contest_with_results,
    end_notice_period,
    publish,
)

pytestmark = [pytest.mark.api, pytest.mark.django_db]

NOTICES = "/api/notices/"


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_anonymous_reads_are_served_from_the_cache_with_an_etag(
        django_capture_on_commit_callbacks):
    built = contest_with_results()
    with django_capture_on_commit_callbacks(execute=True):
        publish(built.contest, built.organizer)
    client = APIClient()
    first, _queries = _get(client, NOTICES)
    assert first.status_code == 200 and first.json()["count"] == 1
    assert first["Cache-Control"] == "public, no-cache"
    assert "Accept-Language" in first["Vary"]
    again, queries = _get(client, NOTICES)
    assert (again.status_code, queries, again.content) == (200, 0, first.content)
    assert again["ETag"] == first["ETag"]
    not_modified, queries = _get(client, NOTICES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (not_modified.status_code, queries) == (304, 0)
    assert "csrftoken" not in again.cookies


def test_a_logged_in_reader_is_never_served_the_shared_copy(
        django_capture_on_commit_callbacks):
    built = contest_with_results()
    with django_capture_on_commit_callbacks(execute=True):
        publish(built.contest, built.organizer)
    APIClient().get(NOTICES)  # cached for anonymous readers
    organizer = APIClient()
    organizer.force_login(built.organizer)
    response, queries = _get(organizer, NOTICES)
    assert response.status_code == 200 and queries > 0
    assert "ETag" not in response


def test_publishing_resolving_an_objection_and_finalizing_invalidate(
        django_capture_on_commit_callbacks):
    built = contest_with_results()
    client = APIClient()
    results = f"/api/contests/{built.contest.pk}/results/"
    assert client.get(NOTICES).json()["count"] == 0
    assert client.get(results).status_code == 404  # not public before publication

    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(built.contest, built.organizer)
    listed = client.get(NOTICES).json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == Notice.Status.OPEN
    assert client.get(results).status_code == 200

    objection = ObjectionFactory(notice=notice)
    before = client.get(f"/api/notices/{notice.pk}/").json()["objections"]
    with django_capture_on_commit_callbacks(execute=True):
        resolve_objection(objection_id=objection.pk, decision=Objection.Status.DISMISSED,
                          resolution="经核实，异议不成立。", actor=built.organizer)
    after = client.get(f"/api/notices/{notice.pk}/").json()["objections"]
    assert before != after
    assert after == {**before, "pending": before["pending"] - 1,
                     "dismissed": before.get("dismissed", 0) + 1}

    end_notice_period(built.contest)
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=built.organizer)
    assert Contest.objects.get(pk=built.contest.pk).state == Contest.State.FINAL
    assert client.get(NOTICES).json()["results"][0]["status"] != Notice.Status.OPEN
