"""Cached public reads: what anonymous visitors read most (the notices list, a contest's
published results) is served from Django's cache (Redis in production via `CACHE_URL`, a
file cache in the quickstart), with an ETag so a client revalidating gets a 304.

Freshness: every cached answer is keyed by a version number kept in the cache. Any write
that can change what the public sees — a contest changing state (publishing, finalizing,
amending), a notice opened, superseded or finalized, an objection resolved, results
recomputed — bumps the version once its transaction commits, so the next read is computed
again. Coarse (one version for all public reads) on purpose: these writes are rare next to
the reads, and a missed invalidation is impossible to get wrong per page.

Only anonymous requests are cached (no `Authorization` header, no session cookie): what a
logged-in organizer or worker sees may differ. Answers say `Cache-Control: public,
no-cache` (revalidate every time, so a browser never shows a stale notice) and carry an
ETag; they vary by language.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "public-reads:version"
TIMEOUT = 600  # seconds a cached answer lives at most (the version does the freshness)


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate() -> None:
    """Make every cached public read stale (now; see `invalidate_on_commit`)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new one differs from cached keys
        cache.set(VERSION_KEY, current_version() + 1, timeout=None)


def invalidate_on_commit(**_kwargs) -> None:
    """After the current transaction commits: a reader between the bump and the commit
    would otherwise cache the old state under the new version."""
    transaction.on_commit(invalidate)


def _anonymous(request) -> bool:
    """No credentials at all: no token header, no session cookie (and not authenticated by
    DRF's test client, which passes the user without either)."""
    return ("HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and getattr(request, "_force_auth_user", None) is None)


def _finish(response, etag: str):
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
    return response


def cached_public_read(view):
    """Wrap a view (a function or `SomeView.as_view()`): anonymous GETs are served from the
    cache while nothing public changed; others run the view as usual."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            return view(request, *args, **kwargs)
        key = f"public-reads:{current_version()}:{get_language()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.has_header("Set-Cookie"):
                return response  # errors and personalised answers are not shared
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content = response.content
            stored = (content, response["Content-Type"],
                      f'"{hashlib.sha256(content).hexdigest()[:32]}"')
            cache.set(key, stored, timeout=TIMEOUT)
        content, content_type, etag = stored
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            return _finish(HttpResponseNotModified(), etag)
        return _finish(HttpResponse(content, content_type=content_type), etag)

    return wrapper


def connect() -> None:
    """Bump the version after the writes that change public pages (called at start-up)."""
    from contests.models import Contest
    from judging.models import ResultSet
    from publicity.models import Notice, Objection

    for model in (Contest, Notice, Objection, ResultSet):
        post_save.connect(invalidate_on_commit, sender=model,
                          dispatch_uid=f"public-cache-{model._meta.label_lower}")
