"""Public reads are cached for anonymous visitors (ETag, Cache-Control), and publishing, an
objection's resolution and finalization invalidate what they change."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from contests.models import Contest
from contests.transitions import transition_contest
from publicity.models import Notice, Objection
from publicity.services.objections import resolve_objection
from tests.factories.accounts import WorkerFactory
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


# --- Pages (served by core.public_cache.PublicCacheMiddleware, before the session) -----

NONCE = re.compile(r"nonce-([A-Za-z0-9+/=]+)")


def _nonce_free(response) -> bytes:
    """The answer with its CSP nonce blanked (each answer carries a fresh one)."""
    nonce = NONCE.search(response.get("Content-Security-Policy", ""))
    return response.content.replace(nonce.group(1).encode(), b"NONCE") if nonce else (
        response.content)


def _fresh(url, **headers):
    """What the page is now, computed without any cache."""
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        return Client().get(url, **headers)


def _public_urls(built, notice=None):
    urls = ["/", f"/contests/{built.contest.pk}/results/", NOTICES,
            f"/api/contests/{built.contest.pk}/results/"]
    return [*urls, f"/api/notices/{notice.pk}/"] if notice else urls


def _assert_served_fresh(urls):
    for url in urls:
        served, fresh = Client().get(url), _fresh(url)
        assert served.status_code == fresh.status_code, url
        if served.status_code == 200:
            assert _nonce_free(served) == _nonce_free(fresh), url


@pytest.mark.parametrize("page", ["home", "results page"])
def test_pages_are_shared_from_the_cache_with_their_security_headers(
        page, django_capture_on_commit_callbacks):
    built = contest_with_results()
    with django_capture_on_commit_callbacks(execute=True):
        publish(built.contest, built.organizer)
    url = "/" if page == "home" else f"/contests/{built.contest.pk}/results/"
    client = Client()
    first, _queries = _get(client, url)
    again, queries = _get(client, url)
    assert (first.status_code, again.status_code, queries) == (200, 200, 0)
    assert _nonce_free(again) == _nonce_free(first)
    # Nothing personal: no CSRF token in the page, no cookie set.
    assert first.cookies == {} and again.cookies == {}
    assert b"csrfmiddlewaretoken" not in again.content and b"X-CSRFToken" not in again.content
    for response in (first, again):
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "private, no-cache"  # the nonce is not shared
        assert {"Accept-Language", "Cookie"} <= {
            v.strip() for v in response["Vary"].split(",")}
        assert response["Content-Language"] == first["Content-Language"]
    # Each answer has its own nonce, the same in the header and on the page's scripts.
    nonces = [NONCE.search(r["Content-Security-Policy"]).group(1) for r in (first, again)]
    assert nonces[0] != nonces[1]
    for response, nonce in zip((first, again), nonces, strict=True):
        assert f'nonce="{nonce}"'.encode() in response.content
    assert again["ETag"] == first["ETag"]
    not_modified, queries = _get(client, url, HTTP_IF_NONE_MATCH=again["ETag"])
    assert (not_modified.status_code, queries, not_modified.content) == (304, 0, b"")
    assert "Content-Security-Policy" not in not_modified  # the client keeps its copy's


def test_each_language_has_its_own_copy():
    client = Client()
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    english_again, queries = _get(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'<html lang="zh-hans">' in chinese.content
    assert b'<html lang="en">' in english.content and queries == 0
    assert _nonce_free(english_again) == _nonce_free(english)
    client.cookies["django_language"] = "en"  # the switch's cookie wins over the header
    by_cookie, queries = _get(client, "/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert queries == 0 and _nonce_free(by_cookie) == _nonce_free(english)


def test_someone_logged_in_or_with_a_session_gets_their_own_page():
    Client().get("/")  # the shared copy
    worker = WorkerFactory()
    client = Client()
    client.force_login(worker)
    page, queries = _get(client, "/")
    assert page.status_code == 200 and queries > 0 and "ETag" not in page
    assert b"X-CSRFToken" in page.content and b"csrfmiddlewaretoken" in page.content
    # Any cookie but language and CSRF (a flash message, another session) skips the cache.
    other = Client()
    other.cookies["messages"] = "anything"
    page, queries = _get(other, "/")
    assert page.status_code == 200 and "ETag" not in page


def test_the_anonymous_language_switch_needs_no_token_but_a_logged_in_one_does():
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    away = anonymous.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert away["Location"] == "/"  # Django's rule: `next` stays on this site

    worker = WorkerFactory(preferred_language="zh-hans")
    logged_in = Client(enforce_csrf_checks=True)
    logged_in.force_login(worker)
    assert logged_in.post("/language/", {"language": "en", "next": "/"}).status_code == 403
    worker.refresh_from_db()
    assert worker.preferred_language == "zh-hans"


def test_every_cached_page_is_fresh_after_publishing_resolving_and_finalizing(
        django_capture_on_commit_callbacks):
    built = contest_with_results()
    client = Client()
    results_page = f"/contests/{built.contest.pk}/results/"
    for url in _public_urls(built):
        client.get(url)  # cached (or 404, not cached) before publication
    assert client.get(results_page).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(built.contest, built.organizer)
    _assert_served_fresh(_public_urls(built, notice))
    home = client.get("/").content.decode()
    assert f'href="/notices/{notice.pk}/"' in home and notice.title in home
    assert client.get(results_page).status_code == 200

    objection = ObjectionFactory(notice=notice)
    for url in _public_urls(built, notice):
        client.get(url)
    before = client.get(f"/api/notices/{notice.pk}/").json()["objections"]
    with django_capture_on_commit_callbacks(execute=True):
        resolve_objection(objection_id=objection.pk, decision=Objection.Status.DISMISSED,
                          resolution="经核实，异议不成立。", actor=built.organizer)
    _assert_served_fresh(_public_urls(built, notice))
    assert client.get(f"/api/notices/{notice.pk}/").json()["objections"] != before

    end_notice_period(built.contest)
    for url in _public_urls(built, notice):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=built.organizer)
    _assert_served_fresh(_public_urls(built, notice))
    assert "notices-title" not in client.get("/").content.decode()  # no notice open now


def test_a_worker_withdrawing_consent_is_no_longer_named_on_cached_results(
        django_capture_on_commit_callbacks):
    built = contest_with_results()
    with django_capture_on_commit_callbacks(execute=True):
        publish(built.contest, built.organizer)
    url = f"/api/contests/{built.contest.pk}/results/"
    before = APIClient().get(url).json()
    profile = built.winners[0].worker.worker_profile
    with django_capture_on_commit_callbacks(execute=True):
        profile.set_consent(False)
        profile.save()
    after = APIClient().get(url).json()
    assert before != after
    assert after == _fresh(url).json()
