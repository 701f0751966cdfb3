"""The admin: pages render, it writes nothing by hand, actions use the API's services."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from contests.models import Contest, Entry, EntryDecision
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
                f"/admin/contests/stage/{stage.pk}/change/",
                "/admin/contests/entry/", f"/admin/contests/entry/{entry.pk}/change/"):
        assert admin_client.get(url).status_code == 200, url


def test_a_contest_is_not_set_up_around_the_validated_audited_body(admin_client):
    """Set-up goes through `POST/PATCH /api/contests/` (validated as a whole, audited)."""
    contest = contest_with_structure(title="原标题")
    assert admin_client.get("/admin/contests/contest/add/").status_code == 403
    response = admin_client.post(f"/admin/contests/contest/{contest.pk}/change/",
                                 {"title": "改过的标题"})
    assert response.status_code == 403
    contest.refresh_from_db()
    assert contest.title == "原标题"


def test_the_entry_admin_is_read_only_and_deletes_nothing(admin_client):
    contest = contest_with_structure(registration_open=True)
    entry = EntryFactory(contest=contest, track=contest.tracks.first())
    EntryDecision.objects.create(entry=entry, action="create", status=entry.status)
    assert admin_client.post(f"/admin/contests/entry/{entry.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    response = admin_client.post("/admin/contests/entry/", {
        "action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert response.status_code == 200  # the changelist again: no such action
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert EntryDecision.objects.filter(entry=entry).count() == 1


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
