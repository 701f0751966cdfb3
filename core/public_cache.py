"""Cached public reads: what anonymous visitors read most (the home page, a contest's
published results page, the notices list and a notice, a contest's results in the API) is
served from Django's cache (Redis in production via `CACHE_URL`, a file cache in the
quickstart), with an ETag so a client revalidating gets a 304.

Where: `PublicCacheMiddleware`, placed right after the security and static-file
middleware, answers a hit before sessions, locale, CSRF, authentication, messages, CSP and
axes run — a hit costs one cache round trip (`get_many` of the version and the page) and
no database query. A view opts in with `@cached_public_read`; only its anonymous GETs are
shared: no `Authorization` header and no cookie other than the language and CSRF cookies
(a session or a pending flash message means the page may differ). Such a request renders
its page with `request.public_page` set, and `frontend/base.html` then leaves out the CSRF
token (the anonymous language switch needs none, see `frontend.views.set_language`), so the
page sets no cookie and can be shared. A page that sets a cookie, or answers anything but
200, is never stored.

A stored answer keeps the headers the full stack gave it (Content-Type, Vary,
Content-Language, X-Frame-Options, Content-Security-Policy…); the security middleware above
adds its own (HSTS, nosniff, Referrer-Policy) to every answer. A page's CSP nonce is stored
as a placeholder and every answer gets a fresh one, in the body and in the header alike.

Keys: scheme, host (validated against ALLOWED_HOSTS), path with query string, and the
language Django's locale middleware would pick (language cookie, then Accept-Language).
Answers say `Cache-Control: public, no-cache` (`private, no-cache` for pages carrying a CSP
nonce, which a shared cache must not hand to others) and carry an ETag and
`Vary: Accept-Language, Cookie`.

Freshness: every stored answer carries the version number kept in the cache under
`VERSION_KEY`, read in the same round trip; a stored answer of another version is a miss.
Any write that can change what the public sees — a contest changing state (publishing,
finalizing, amending), a notice opened, superseded or finalized, an objection resolved,
results recomputed, a worker's consent to publication — bumps the version once its
transaction commits, so the next read is computed again. Coarse (one version for all
public reads) on purpose: these writes are rare next to the reads, nothing has to delete
keys, and a missed invalidation is impossible to get wrong per page.
"""

import base64
import functools
import hashlib
import os

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_request

VERSION_KEY = "public-reads:version"
PAGE_PREFIX = "public-reads:page:"
TIMEOUT = 600  # seconds a cached answer lives at most (the version does the freshness)
# Stands for the CSP nonce in a stored page (base64 of 16 bytes is 24 characters).
NONCE_PLACEHOLDER = "PUBLICcacheNONCEholder00"
CSP_HEADER = "Content-Security-Policy"
# Set per answer by the middleware above (SecurityMiddleware) or here, never stored.
NOT_STORED = frozenset({"set-cookie", "strict-transport-security", "content-length", "date",
                        "etag", "cache-control"})
# The headers a 304 carries (as Django's conditional GET answers).
NOT_MODIFIED_KEPT = ("Content-Location", "Expires", "Last-Modified", "Vary")


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


def cached_public_read(view):
    """Mark a view (a function or `SomeView.as_view()`) whose anonymous GETs may be shared:
    `PublicCacheMiddleware` serves them from the cache while nothing public changed."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.public_cache = True
    return wrapper


def _get_many(keys: list[str]) -> dict:
    """`cache.get_many`; on Redis through one client kept per process and thread: Django's
    Redis backend builds a new `redis.Redis` (with its table of ~170 response callbacks)
    on every call, which profiled at 2.2 of a cached answer's 5.5 ms of CPU."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return backend.get_many(keys)
    client = backend.__dict__.get("_public_reads_client")
    if client is None:
        client = backend._cache._client(
            connection_pool=backend._cache._get_connection_pool(False))
        backend._public_reads_client = client
    values = client.mget([backend.make_and_validate_key(key) for key in keys])
    loads = backend._cache._serializer.loads
    return {key: loads(value) for key, value in zip(keys, values, strict=True)
            if value is not None}


@functools.lru_cache(maxsize=4096)
def _is_public_view(urlconf: str, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_cache", False)


def _shareable(request) -> bool:
    """An anonymous GET of a view marked `cached_public_read`: no credentials at all (no
    token header, no cookie but language and CSRF; not authenticated by DRF's test client,
    which passes the user without either)."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if getattr(request, "_force_auth_user", None) is not None:
        return False
    if request.COOKIES and not request.COOKIES.keys() <= {settings.LANGUAGE_COOKIE_NAME,
                                                          settings.CSRF_COOKIE_NAME}:
        return False
    return _is_public_view(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


def _key(request) -> str:
    language = get_language_from_request(request)
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{language}"
    return PAGE_PREFIX + hashlib.sha256(where.encode()).hexdigest()


def _stored(version: int, request, response):
    """What to keep of an answer, or None when it must not be shared."""
    if (response.status_code != 200 or response.streaming or response.cookies
            or "private" in response.get("Cache-Control", "")):
        return None
    patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
    content = response.content
    headers = [(name, value) for name, value in response.items()
               if name.lower() not in NOT_STORED]
    nonce = getattr(request, "_csp_nonce", None)
    has_nonce = isinstance(nonce, str) and nonce.encode() in content
    if has_nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers = [(name, value.replace(nonce, NONCE_PLACEHOLDER)) for name, value in headers]
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    return (version, content, headers, etag, has_nonce)


def _answer(request, stored):
    _version, content, headers, etag, has_nonce = stored
    cache_control = "private, no-cache" if has_nonce else "public, no-cache"
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and (etag in parse_etags(if_none_match) or if_none_match == "*"):
        # The client keeps its copy and that copy's headers (CSP with its own nonce).
        response = HttpResponseNotModified()
        for name, value in headers:
            if name in NOT_MODIFIED_KEPT:
                response[name] = value
    else:
        if has_nonce:
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            content = content.replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
            headers = [(name, value.replace(NONCE_PLACEHOLDER, nonce) if name == CSP_HEADER
                        else value) for name, value in headers]
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


class PublicCacheMiddleware:
    """Serve shared anonymous reads from the cache, before the rest of the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _shareable(request):
            return self.get_response(request)
        key = _key(request)
        found = _get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = current_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return _answer(request, stored)
        request.public_page = True  # the page leaves out the CSRF token: nothing personal
        response = self.get_response(request)
        stored = _stored(version, request, response)
        if stored is None:
            return response
        cache.set(key, stored, timeout=TIMEOUT)
        response["ETag"] = stored[3]
        response["Cache-Control"] = "private, no-cache" if stored[4] else "public, no-cache"
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match and stored[3] in parse_etags(if_none_match):
            return _answer(request, stored)
        return response


def _invalidate_on_profile_change(sender, update_fields=None, **kwargs):
    """Names shown publicly depend on the worker's consent and name: a save of a user or
    profile bumps the version, except a login or password change (most user saves)."""
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    invalidate_on_commit()


def connect() -> None:
    """Bump the version after the writes that change public pages (called at start-up)."""
    from accounts.models import User, WorkerProfile
    from contests.models import Contest
    from judging.models import ResultSet
    from publicity.models import Notice, Objection

    for model in (Contest, Notice, Objection, ResultSet):
        for signal in (post_save, post_delete):
            signal.connect(invalidate_on_commit, sender=model,
                           dispatch_uid=f"public-cache-{signal is post_save}-"
                                        f"{model._meta.label_lower}")
    for model in (User, WorkerProfile):
        post_save.connect(_invalidate_on_profile_change, sender=model,
                          dispatch_uid=f"public-cache-{model._meta.label_lower}")
