"""What the generated OpenAPI schema promises for every app: checked on real answers."""

import pytest

from tests.factories.contests import contest_with_structure
from tests.schema_fuzz import assert_documented, documented_api

pytestmark = [pytest.mark.api, pytest.mark.django_db]

LISTS = [
    "/api/users/", "/api/enterprises/", "/api/contests/", "/api/contests/{id}/entries/",
    "/api/notices/", "/api/certificates/", "/api/objections/", "/api/notifications/",
    "/api/assignments/", "/api/scorecards/",
]
UPLOADS = {
    ("post", "/api/imports/workers/"), ("post", "/api/entries/{id}/attachments/"),
    ("post", "/api/contests/{id}/objective-scores/import/"),
}


@pytest.mark.parametrize("path", LISTS)
def test_every_list_documents_the_404_for_a_page_past_its_end(organizer_client, path):
    # Found by schema fuzzing: `?page=0` or a page past the end is a 404 from the paginator,
    # which only the judging lists documented. core.schema.AutoSchema documents it for all.
    url = path.format(id=contest_with_structure().pk)
    response = organizer_client.get(url, {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
    assert_documented(response, "GET", path)


def test_request_bodies_are_json_and_only_uploads_are_multipart():
    # Found by schema fuzzing: DRF's default parsers made the schema offer form encodings
    # for every body, in which a nested contest or a null enterprise cannot be written, so
    # that schema-valid requests were refused.
    for path, operations in documented_api().raw_schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            media_types = set(operation["requestBody"]["content"])
            expected = ({"multipart/form-data"} if (method, path) in UPLOADS
                        else {"application/json"})
            assert media_types == expected, (method, path)


@pytest.mark.parametrize(("content", "content_type"), [
    ("username=li", "application/x-www-form-urlencoded"), ("li", "text/plain"), ("li", ""),
])
def test_a_body_that_is_not_json_is_a_documented_415(api_client, content, content_type):
    # Found by schema fuzzing: DRF answers 415 for a body in a media type no parser takes
    # (or without a Content-Type), which no operation documented.
    response = api_client.generic("POST", "/api/auth/register/", content, content_type)
    assert response.status_code == 415
    assert_documented(response, "POST", "/api/auth/register/")
