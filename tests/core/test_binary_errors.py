"""An error from an endpoint that answers a file is JSON with the JSON content type, even
when the client asked for the file's type (Accept) or `?format=`."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.api, pytest.mark.django_db]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("path, accept", [
    ("/api/contests/999999/results.xlsx", XLSX),
    ("/api/contests/999999/results.xlsx?format=xlsx", "*/*"),
    ("/api/nomination-rounds/999999/export.xlsx", XLSX),
    ("/api/certificates/NO-SUCH-1.pdf", "application/pdf"),
    ("/api/attachments/999999/", "application/pdf"),
])
def test_a_404_from_a_file_endpoint_is_json(organizer, path, accept):
    client = Client()
    client.force_login(organizer)

    response = client.get(path, HTTP_ACCEPT=accept)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path, accept", [
    ("/api/certificates/NO-SUCH-1.pdf", "application/pdf"),
    ("/api/attachments/1/", "application/pdf"),
])
def test_a_401_from_a_file_endpoint_is_json(path, accept):
    response = Client().get(path, HTTP_ACCEPT=accept)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


def test_a_404_for_a_worker_on_a_round_export_is_json(worker):
    client = Client()
    client.force_login(worker)

    response = client.get("/api/nomination-rounds/1/export.xlsx", HTTP_ACCEPT=XLSX)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_schema_documents_file_endpoint_errors_as_json_only():
    paths = Client().get("/api/schema/?format=json").json()["paths"]
    file_paths = ["/api/contests/{id}/results.xlsx", "/api/certificates/{number}.pdf",
                  "/api/attachments/{id}/", "/api/nomination-rounds/{id}/export.xlsx"]

    error_types = {
        (path, code): sorted(response.get("content", {}))
        for path in file_paths
        for code, response in paths[path]["get"]["responses"].items() if code >= "400"
    }
    assert error_types
    assert {types for types in map(tuple, error_types.values())} == {("application/json",)}
