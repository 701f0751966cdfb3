"""The admin shows notices, objections and certificates, and changes none of them."""

import pytest

from tests.factories.accounts import SuperuserFactory
from tests.factories.publicity import CertificateFactory, ObjectionFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.parametrize("model", ["notice", "objection", "certificate"])
def test_lists_and_pages_show_read_only(admin_client, model):
    objection = ObjectionFactory()
    certificate = CertificateFactory()
    pk = {"notice": objection.notice_id, "objection": objection.pk,
          "certificate": certificate.pk}[model]

    assert admin_client.get(f"/admin/publicity/{model}/").status_code == 200
    page = admin_client.get(f"/admin/publicity/{model}/{pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.get(f"/admin/publicity/{model}/add/").status_code == 403
