"""JSON request bodies: deep nesting is a 400 and an oversized body a 413, on every JSON
endpoint, anonymous ones included; nothing is written."""

import pytest

from accounts.models import User
from core.parsers import nesting_depth

pytestmark = [pytest.mark.api, pytest.mark.django_db]

NESTED = "[" * 931 + "]" * 931  # under 2 KB: a 500 (RecursionError) before the cap

ANONYMOUS = ["/api/auth/register/", "/api/auth/token/"]


@pytest.mark.parametrize("path", ANONYMOUS)
def test_deep_nesting_is_a_400_for_anonymous_callers(api_client, path):
    response = api_client.generic("POST", path, NESTED, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than 32" in response.json()["detail"]
    assert User.objects.count() == 0


def test_deep_nesting_is_a_400_on_a_judging_endpoint(judge_client):
    body = '{"scores": ' + "[" * 500 + "]" * 500 + "}"
    response = judge_client.generic("PUT", "/api/assignments/1/scorecard/", body,
                                    content_type="application/json")
    assert response.status_code == 400


def test_nesting_up_to_the_limit_is_parsed(api_client):
    body = '{"username": ' + "[" * 31 + "]" * 31 + "}"
    response = api_client.generic("POST", "/api/auth/register/", body,
                                  content_type="application/json")
    assert response.status_code == 400
    assert "username" in response.json()  # parsed, then refused as a bad field


def test_a_body_over_the_cap_is_a_413(api_client, settings):
    settings.JSON_MAX_BYTES = 1000
    body = '{"username": "' + "a" * 1000 + '"}'
    response = api_client.generic("POST", "/api/auth/register/", body,
                                  content_type="application/json")
    assert response.status_code == 413
    assert User.objects.count() == 0


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth('{"a": "[[[[[[", "b": [1, {"c": "]]]\\"[["}]}') == 3
    assert nesting_depth("12") == 0


def test_an_unterminated_string_of_escaped_quotes_is_a_prompt_400(api_client):
    # Scanning strings with a pattern that retries from every quote took quadratic time:
    # 6 KB of these took a second, 200 KB would have held a worker for a quarter of an hour.
    body = '{"username": "' + '\\"' * 100_000
    response = api_client.generic("POST", "/api/auth/register/", body,
                                  content_type="application/json")
    assert response.status_code == 400
    assert User.objects.count() == 0


def test_unterminated_strings_and_escapes_are_counted_right():
    assert nesting_depth('[["a\\\\", ["b"]]]') == 3
    assert nesting_depth('[["unterminated [[[[') == 2
