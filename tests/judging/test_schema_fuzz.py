"""Schemathesis over the judging operations: no 500s, and every answer is documented."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from config.wsgi import application
from tests.factories.accounts import OrganizerFactory

pytestmark = pytest.mark.api

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(tag="judging")
# Valid inputs only: a malformed path id never reaches our views (Django's URL resolver
# answers it), and bad bodies are covered by the API tests.
schema.config.generation.update(modes=[GenerationMode.POSITIVE])


@pytest.fixture
def organizer_token(db):
    # As Django's test client does: requests must not close the test's connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield Token.objects.create(user=OrganizerFactory()).key
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_judging_operations_answer_as_documented(case, organizer_token):
    # Django's `<int:pk>` converter never matches a negative id: the resolver answers those.
    assume(all(not isinstance(v, int) or v >= 0 for v in (case.path_parameters or {}).values()))
    case.call_and_validate(headers={"Authorization": f"Token {organizer_token}"})
