"""The admin: pages render, inline rules come from the models, actions use the service."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from contests.models import Contest
from tests.factories.accounts import SuperuserFactory
from tests.factories.contests import EntryFactory, contest_with_structure

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(SuperuserFactory())
    return client


def test_pages_render(admin_client):
    contest = contest_with_structure(registration_open=True)
    entry = EntryFactory(contest=contest, track=contest.tracks.first())
    stage = contest.stages.first()
    for url in ("/admin/contests/contest/", f"/admin/contests/contest/{contest.pk}/change/",
                "/admin/contests/contest/add/", f"/admin/contests/stage/{stage.pk}/change/",
                "/admin/contests/entry/", f"/admin/contests/entry/{entry.pk}/change/"):
        assert admin_client.get(url).status_code == 200, url


def test_transition_action_goes_through_the_service(admin_client):
    contest = contest_with_structure(registration_open=True)
    response = admin_client.post("/admin/contests/contest/", {
        "action": "transition_close_registration", "_selected_action": [contest.pk]})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.state == Contest.State.REGISTRATION_CLOSED
    assert AuditEvent.objects.filter(action="contest.close_registration").count() == 1


def test_model_clean_shares_the_api_rules():
    from django.core.exceptions import ValidationError

    contest = contest_with_structure()
    contest.min_age, contest.max_age = 60, 18
    with pytest.raises(ValidationError) as caught:
        contest.full_clean()
    assert "max_age" in caught.value.message_dict
    stage = contest.stages.first()
    stage.aggregation, stage.trim, stage.panel_size = "trimmed_mean", 1, 2
    with pytest.raises(ValidationError) as caught:
        stage.full_clean()
    assert "panel_size" in caught.value.message_dict
