"""Shared setup for the schemathesis tests (tests/test_schema_fuzz.py and
tests/judging/test_schema_fuzz.py): the schema served by the WSGI application, how
requests are generated, and bounded, deterministic Hypothesis settings so that CI is
stable.

    schema = load_schema(GenerationMode.POSITIVE).include(tag="judging")

    @schema.parametrize()
    @FUZZ_SETTINGS
    def test_...(case, wsgi_db):  # wsgi_db: tests/conftest.py
        call_and_check(case, headers={...})
"""

import contextlib
import functools
import importlib
import pkgutil
from pathlib import Path

import requests
import schemathesis
from django.apps import apps
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from config.wsgi import application


@contextlib.contextmanager
def keep_test_connection():
    """Requests sent through the WSGI application, as Django's test client sends them:
    without closing the test's database connection when they end."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _import_the_projects_modules() -> None:
    """Hypothesis also draws literals found in the project's modules that are imported at
    the time (its "local constants"). Import them all up front, so that every test draws
    from the same ones whatever ran before it in its process."""
    base = Path(django_settings.BASE_DIR)
    roots = [("config", base / "config")] + [
        (app.name, Path(app.path)) for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).parts
    ]
    for package, path in roots:
        importlib.import_module(package)
        for module in pkgutil.walk_packages([str(path)], prefix=f"{package}."):
            importlib.import_module(module.name)


def load_schema(*modes):
    """The API schema, generating requests in the given modes (positive: schema-valid;
    negative: schema-violating). Each call has its own configuration."""
    _import_the_projects_modules()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    schema.config.generation.update(
        modes=list(modes),
        # DRF's CharField refuses NUL characters (a 400), which a JSON schema string does
        # not express; a NUL would make schema-valid requests look rejected.
        allow_x00=False,
        # The callers are explicit (anonymous, or a real token): no made-up credentials.
        with_security_parameters=False,
    )
    # Deterministic: schemathesis would otherwise also draw literals from whichever of the
    # project's modules are imported when it first needs them, which depends on the tests
    # that ran before in the process (and so differs under xdist).
    schema.config.analysis.constants.enabled = False
    return schema


# Bounded and deterministic: the same examples on every run (`derandomize`), no example
# database, few enough that every fuzz test together stays within about a minute on two
# cores. (schemathesis adds its deterministic coverage cases to these examples.)
FUZZ_SETTINGS = settings(
    max_examples=15, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)


def call_and_check(case, headers=None, excluded_checks=()):
    """Send the case through the WSGI application and assert schemathesis' checks on the
    answer (every check it has, unless excluded)."""
    return case.call_and_validate(headers=headers or {}, excluded_checks=list(excluded_checks))


@functools.cache
def documented_api():
    """The schema, loaded once, for checking single responses (`assert_documented`)."""
    with keep_test_connection():
        return load_schema(GenerationMode.POSITIVE)


def assert_documented(response, method: str, path: str) -> None:
    """Fail unless a Django test client's `response` to `method` on `path` (the schema's
    template, e.g. "/api/users/") has a status, a Content-Type and a body that the schema
    documents for that operation."""
    responses = documented_api().raw_schema["paths"][path][method.lower()]["responses"]
    documented = responses.get(str(response.status_code))
    assert documented is not None, (
        f"{method} {path}: {response.status_code} is not documented ({', '.join(responses)})")
    media_type = response["Content-Type"].split(";")[0].strip()
    assert media_type in documented.get("content", {}), (
        f"{method} {path}: {response.status_code} as {media_type} is not documented "
        f"({', '.join(documented.get('content', {}))})")
    request = requests.Request(method.upper(), f"http://testserver{response.request['PATH_INFO']}")
    converted = schemathesis.Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=b"".join(response) if response.streaming else response.content,
        request=request.prepare(), elapsed=0.0, verify=False,
    )
    documented_api()[path][method.upper()].validate_response(converted)
