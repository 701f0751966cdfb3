"""Restarting the notice after an upheld objection; and the amendment hooks that take
published results back to `results_ready` once contests offers that move."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from contests.models import Contest
from core.errors import NotAllowed
from publicity.models import Notice
from publicity.services import notices as notice_services
from tests.factories.publicity import ObjectionFactory, publish, published_contest

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def restart(client, contest, **body):
    return client.post(f"/api/contests/{contest.pk}/notice/restart/", body, format="json")


@pytest.fixture
def in_notice():
    built, notice = published_contest()
    # The notice has been running for a while.
    Notice.objects.filter(pk=notice.pk).update(opens_at=notice.opens_at - timedelta(days=3),
                                               closes_at=notice.closes_at - timedelta(days=3))
    notice.refresh_from_db()
    return built, notice


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_restart_after_an_upheld_objection_opens_a_fresh_round(in_notice):
    built, old = in_notice
    upheld = ObjectionFactory(notice=old, upheld=True)
    ObjectionFactory(notice=old, dismissed=True)

    response = restart(client_for(built.organizer), built.contest, reason="更正获奖者单位名称")

    assert response.status_code == 201, response.json()
    body = response.json()
    old.refresh_from_db()
    new = Notice.objects.get(pk=body["id"])
    assert old.status == Notice.Status.SUPERSEDED and old.ended_at is not None
    assert new.status == Notice.Status.OPEN and new.round == 2
    assert new.opens_at > old.opens_at and new.closes_at > old.closes_at
    assert body["round"] == 2 and body["objections"]["pending"] == 0
    assert len(body["winners"]) == len(built.winners)
    built.contest.refresh_from_db()
    assert built.contest.state == Contest.State.IN_NOTICE
    event = AuditEvent.objects.get(action="notice.restarted")
    assert event.data["previous"] == old.pk and event.data["upheld_objections"] == [upheld.pk]
    assert event.reason == "更正获奖者单位名称"
    # Objections now go to the new round; the old one refuses them.
    anyone = client_for(None)
    body = {"name": "李明", "contact": "13900001111", "text": "第二轮公示的异议内容。"}
    assert anyone.post(f"/api/notices/{old.pk}/objections/", body,
                       format="json").status_code == 409
    assert anyone.post(f"/api/notices/{new.pk}/objections/", body,
                       format="json").status_code == 201


def test_restart_picks_up_amended_results(in_notice):
    built, old = in_notice
    ObjectionFactory(notice=old, upheld=True)
    loser = built.losers[0].worker
    loser.real_name = "周改正"
    loser.save()
    winner = built.winners[0].worker
    winner.worker_profile.consent_publication = False
    winner.worker_profile.save()

    new = notice_services.restart_notice(contest=built.contest, actor=built.organizer)

    assert new.lines[0]["withheld"] is True
    assert old.lines[0]["withheld"] is False  # the old round keeps what it published


def test_restart_is_refused_while_an_objection_is_pending(in_notice):
    built, notice = in_notice
    ObjectionFactory(notice=notice, upheld=True)
    ObjectionFactory(notice=notice)

    response = restart(client_for(built.organizer), built.contest)

    assert response.status_code == 409
    assert response.json()["state"] == "in_notice"
    assert Notice.objects.filter(contest=built.contest).count() == 1


def test_restart_is_refused_without_an_upheld_objection(in_notice):
    built, notice = in_notice
    ObjectionFactory(notice=notice, dismissed=True)

    assert restart(client_for(built.organizer), built.contest).status_code == 409


def test_restart_is_refused_outside_the_notice(organizer_client):
    from tests.factories.publicity import contest_with_results

    built = contest_with_results()

    assert restart(organizer_client, built.contest).status_code == 409


def test_only_organizers_restart(in_notice, worker_client, api_client):
    built, notice = in_notice
    ObjectionFactory(notice=notice, upheld=True)

    assert restart(api_client, built.contest).status_code == 401
    assert restart(worker_client, built.contest).status_code == 403
    assert restart(client_for(built.organizer), built.contest).status_code == 201


def test_restart_of_an_unknown_contest_is_404(organizer_client):
    response = organizer_client.post("/api/contests/987654/notice/restart/", {}, format="json")

    assert response.status_code == 404


# --- Amending in results_ready (the move is contests'; publicity provides the hooks) ---


def test_amending_supersedes_the_notice_and_publishing_again_opens_round_two(in_notice):
    built, notice = in_notice
    ObjectionFactory(notice=notice, upheld=True)
    contest = Contest.objects.select_for_update().get(pk=built.contest.pk)

    notice_services.may_amend(contest)
    notice_services.on_amend(contest, built.organizer)
    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.RESULTS_READY)
    built.contest.refresh_from_db()
    second = publish(built.contest, built.organizer)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SUPERSEDED
    assert second.round == 2 and second.status == Notice.Status.OPEN
    assert second.closes_at > timezone.now()


def test_amending_needs_an_upheld_objection_and_none_pending(in_notice):
    built, notice = in_notice
    with pytest.raises(NotAllowed):
        notice_services.may_amend(built.contest)
    ObjectionFactory(notice=notice, upheld=True)
    ObjectionFactory(notice=notice)
    with pytest.raises(NotAllowed):
        notice_services.may_amend(built.contest)
