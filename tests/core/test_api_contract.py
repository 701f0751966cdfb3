"""The API as a contract: one schema in English for every client, and JSON answers for
every /api/ path, DEBUG or not."""

import re

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def test_the_schema_is_the_same_in_every_language():
    english = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    chinese = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.status_code == chinese.status_code == 200
    assert chinese.content == english.content
    titles = [value for key, value in _walk(chinese.json()) if key == "title"]
    assert not any(any("\u4e00" <= ch <= "\u9fff" for ch in title) for title in titles)


def test_manage_py_spectacular_writes_the_served_schema_in_english():
    """The schema file a client is generated from (`manage.py spectacular`) is the one
    served, in English even where the default language is Chinese."""
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    with translation.override("zh-hans"):
        output = StringIO()
        call_command("spectacular", "--format", "openapi-json", stdout=output)
    served = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    written = json.loads(output.getvalue())
    assert written == served.json()
    titles = [value for key, value in _walk(written) if key == "title"]
    assert "Gig worker contests and awards API" in titles
    assert not any("\u4e00" <= ch <= "\u9fff" for title in titles for ch in title)


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/contests/abc/", "/api/no-such-thing/", "/api/x"])
def test_unknown_api_paths_answer_json_even_with_debug(path, debug):
    with override_settings(DEBUG=debug):
        response = Client().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_api_path_missing_its_slash_is_redirected():
    response = Client().get("/api/contests?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/api/contests/?page=2"


def test_path_parameters_are_named_id_as_in_api_md():
    paths = Client().get("/api/schema/?format=json").json()["paths"]
    names = {name for path in paths for name in re.findall(r"{\w+}", path)}
    assert names <= {"{id}", "{number}"}, names  # {number}: a certificate's number


def test_a_write_to_an_unknown_api_path_is_a_json_404_not_a_csrf_403(organizer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)

    response = client.post("/api/contests/null,null/transition/", {"action": "publish"},
                           content_type="application/json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
