import re

import pytest

pytestmark = pytest.mark.api


def test_pages_send_a_strict_csp_whose_nonce_the_htmx_script_carries(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_api_docs_are_served_locally(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page
