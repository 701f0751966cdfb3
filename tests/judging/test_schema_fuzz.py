"""Schemathesis over the judging operations: no 500s, and every answer is documented.
The shared setup (generation, checks, bounded deterministic settings) is tests/schema_fuzz.py."""

import pytest
from hypothesis import assume
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from tests.factories.accounts import OrganizerFactory
from tests.schema_fuzz import FUZZ_SETTINGS, call_and_check, load_schema

pytestmark = pytest.mark.api

# Valid inputs only: a malformed path id never reaches our views (Django's URL resolver
# answers it), and bad bodies are covered by the API tests.
schema = load_schema(GenerationMode.POSITIVE).include(tag="judging")


@pytest.fixture
def organizer_token(wsgi_db):
    return Token.objects.create(user=OrganizerFactory()).key


@schema.parametrize()
@FUZZ_SETTINGS
def test_judging_operations_answer_as_documented(case, organizer_token):
    # Django's `<int:pk>` converter never matches a negative id: the resolver answers those.
    assume(all(not isinstance(v, int) or v >= 0 for v in (case.path_parameters or {}).values()))
    call_and_check(case, headers={"Authorization": f"Token {organizer_token}"})
