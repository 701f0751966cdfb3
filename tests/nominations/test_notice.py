"""A round's public notice, through publicity's shared mechanism: objections, an upheld
objection against a nominee, promotion of the next reserve, the restart, and the beat job
that finalizes the round."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from nominations.models import Nomination, NominationRound
from publicity.models import Notice
from publicity.tasks import finalize_due_notices
from tests.factories.nominations import RoundFactory, approved

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def end_period(round_):
    now = timezone.now()
    Notice.objects.filter(nomination_round=round_, status=Notice.Status.OPEN).update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(minutes=1))


@pytest.fixture
def on_notice(organizer_client):
    round_ = RoundFactory(quotas={"cppcc": 2}, created_by=organizer_client.handler._force_user)
    first = approved(round_, "cppcc", "95.00", best_rank=1)
    second = approved(round_, "cppcc", "90.00", best_rank=2, consent_publication=False)
    reserve = approved(round_, "cppcc", "85.00", best_rank=3)
    response = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/transition/",
                                     {"action": "open_notice"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "in_notice"
    return round_, first, second, reserve


def test_the_round_notice_is_listed_like_a_contest_notice(on_notice):
    round_, first, second, reserve = on_notice
    listed = APIClient().get("/api/notices/?subject_type=nomination_round").json()["results"]
    assert len(listed) == 1 and listed[0]["nomination_round"]["id"] == round_.pk
    notice = APIClient().get(f"/api/notices/{listed[0]['id']}/").json()
    assert notice["title"] == f"{round_.title}: nominees in public notice"
    lines = notice["winners"]
    assert [line["id"] for line in lines] == [first.pk, second.pk]
    assert lines[0]["name"] == first.worker.real_name[0] + "*" * (len(first.worker.real_name) - 1)
    assert lines[0]["post"] == "cppcc"
    assert lines[1]["withheld"] is True and lines[1]["enterprise"] == ""
    assert reserve.worker.real_name[0] + "*" not in str(lines)  # the reserve is not shown


def test_finalize_before_the_notice_ends_is_a_409(organizer_client, on_notice):
    round_ = on_notice[0]
    response = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/transition/",
                                     {"action": "finalize"}, format="json")
    assert response.status_code == 409 and response.json()["state"] == "in_notice"


def test_an_upheld_objection_a_promoted_reserve_and_a_restart(organizer_client, on_notice):
    round_, first, second, reserve = on_notice
    notice = Notice.objects.get(nomination_round=round_)
    objection = APIClient().post(f"/api/notices/{notice.pk}/objections/", {
        "name": "李明", "contact": "13900001111",
        "text": "该人选存在交通违法记录，与事迹材料不符。", "line": second.pk}, format="json")
    assert objection.status_code == 201, objection.json()

    resolved = organizer_client.post(f"/api/objections/{objection.json()['id']}/resolve/", {
        "decision": "upheld", "resolution": "经核实，异议成立，取消其推荐资格。"}, format="json")
    assert resolved.status_code == 200
    second.refresh_from_db()
    assert second.status == Nomination.Status.REJECTED
    assert second.rejected_stage == "notice"
    assert second.status_reason == "经核实，异议成立，取消其推荐资格。"

    # Not final as it stands: the beat job leaves it, a manual finalize is refused.
    end_period(round_)
    assert finalize_due_notices.delay().get()["nomination_round_refused"] == []
    round_.refresh_from_db()
    assert round_.state == NominationRound.State.IN_NOTICE
    refused = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/transition/",
                                    {"action": "finalize"}, format="json")
    assert refused.status_code == 409

    promoted = organizer_client.post(f"/api/nominations/{reserve.pk}/promote/", {},
                                     format="json")
    assert promoted.status_code == 200 and promoted.json()["status"] == "in_notice"
    restarted = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/notice/restart/",
                                      {"reason": "递补后重新公示"}, format="json")
    assert restarted.status_code == 201, restarted.json()
    assert restarted.json()["round"] == 2
    assert [line["id"] for line in restarted.json()["winners"]] == [first.pk, reserve.pk]
    statuses = dict(Notice.objects.filter(nomination_round=round_)
                    .values_list("round", "status"))
    assert statuses == {1: "superseded", 2: "open"}

    end_period(round_)
    outcome = finalize_due_notices.delay().get()
    assert outcome["nomination_round_finalized"] == [round_.pk]
    round_.refresh_from_db()
    assert round_.state == NominationRound.State.FINAL
    assert dict(Nomination.objects.values_list("pk", "status")) == {
        first.pk: "recommended", reserve.pk: "recommended", second.pk: "rejected"}
    assert Notice.objects.get(nomination_round=round_, round=2).status == "closed"


def test_a_restart_needs_an_upheld_objection(organizer_client, on_notice):
    round_ = on_notice[0]
    response = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/notice/restart/",
                                     {}, format="json")
    assert response.status_code == 409
    assert response.json()["state"] == "in_notice"


def test_only_the_best_reserve_is_promoted_and_only_into_a_free_place(organizer_client):
    round_ = RoundFactory(quotas={"cppcc": 1}, created_by=organizer_client.handler._force_user)
    on = approved(round_, "cppcc", "95.00")
    next_best = approved(round_, "cppcc", "90.00")
    worse = approved(round_, "cppcc", "80.00")
    organizer_client.post(f"/api/nomination-rounds/{round_.pk}/transition/",
                          {"action": "open_notice"}, format="json")

    full = organizer_client.post(f"/api/nominations/{next_best.pk}/promote/", {},
                                 format="json")
    assert full.status_code == 409 and full.json()["detail"] == "The post's list is full."
    organizer_client.post(f"/api/nominations/{on.pk}/withdraw/", {"reason": "本人放弃"},
                          format="json")
    skipped = organizer_client.post(f"/api/nominations/{worse.pk}/promote/", {},
                                    format="json")
    assert skipped.status_code == 409
    assert skipped.json()["detail"] == "Promote the best-ranked reserve first."
    assert organizer_client.post(f"/api/nominations/{next_best.pk}/promote/", {},
                                 format="json").status_code == 200


def test_a_line_that_is_not_on_the_notice_is_a_400(on_notice):
    round_ = on_notice[0]
    notice = Notice.objects.get(nomination_round=round_)
    response = APIClient().post(f"/api/notices/{notice.pk}/objections/", {
        "name": "李明", "contact": "13900001111", "text": "该人选存在问题，请核实处理。",
        "line": on_notice[3].pk}, format="json")
    assert response.status_code == 400 and "line" in response.json()
