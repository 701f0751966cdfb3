import pytest

pytestmark = pytest.mark.api


@pytest.mark.parametrize("path", ["/api/assignments/-1/", "/api/no-such-thing/", "/api/users/x/"])
def test_unknown_api_paths_answer_json_404(api_client, db, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_unknown_pages_answer_a_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
    assert "Page not found" in response.content.decode()
