"""The admin shows rounds and nominations read-only; its round actions go through the
transition service."""

import pytest

from nominations.models import NominationRound
from tests.factories.accounts import SuperuserFactory
from tests.factories.nominations import NominationFactory, RoundFactory, approved

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.parametrize("model", ["nominationround", "nomination"])
def test_lists_and_pages_are_read_only(admin_client, model):
    nomination = NominationFactory()
    pk = nomination.round_id if model == "nominationround" else nomination.pk
    assert admin_client.get(f"/admin/nominations/{model}/").status_code == 200
    page = admin_client.get(f"/admin/nominations/{model}/{pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.get(f"/admin/nominations/{model}/add/").status_code == 403


def test_the_open_notice_action_uses_the_transition_service(admin_client):
    ready = RoundFactory(quotas={"cppcc": 1})
    approved(ready, "cppcc", "90.00")
    empty = RoundFactory(quotas={"cppcc": 1})
    response = admin_client.post("/admin/nominations/nominationround/", {
        "action": "round_open_notice", "_selected_action": [ready.pk, empty.pk]}, follow=True)
    assert response.status_code == 200
    states = dict(NominationRound.objects.values_list("pk", "state"))
    assert states == {ready.pk: "in_notice", empty.pk: "open"}
    assert "No committee-approved nomination to put on notice." in response.content.decode()
