"""The nominations API as API.md gives it: rounds, manual proposals and their
duplicates, reviews, withdrawal, the nominee's answer; permissions for every role; query
counts of the list; every answer documented in the schema."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from nominations.models import Nomination, NominationRound
from notifications.models import Notification
from tests.factories.accounts import JudgeFactory, OrganizerFactory, WorkerFactory
from tests.factories.contests import ContestFactory
from tests.factories.nominations import NominationFactory, RoundFactory
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api, pytest.mark.django_db]

ROUND_BODY = {
    "title": "2027年两代表一委员推荐", "term": "2027年换届", "reference_date": "2027-01-01",
    "quotas": {"party_congress": 2, "peoples_congress": 3, "cppcc": 2},
    "rules": {"party_congress": {"political_status": ["party_member"], "min_age": 18},
              "cppcc": {"min_non_party_share": "0.60", "min_years": "1.0"}},
    "exclusive_posts": [["peoples_congress", "cppcc"]],
}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_organizer_creates_reads_and_edits_a_round(organizer_client):
    contest = ContestFactory()
    body = {**ROUND_BODY, "sources": [{"contest": contest.pk, "weight": "0.6",
                                       "posts": ["cppcc"]}]}
    response = organizer_client.post("/api/nomination-rounds/", body, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["state"] == "open"
    assert data["quotas"] == {"cppcc": 2, "party_congress": 2, "peoples_congress": 3}
    assert data["rules"]["party_congress"]["political_status"] == ["party_member"]
    assert data["rules"]["cppcc"]["min_non_party_share"] == "0.60"
    assert data["sources"] == [{"id": data["sources"][0]["id"], "contest": contest.pk,
                                "contest_title": contest.title, "weight": "0.6000",
                                "posts": ["cppcc"]}]
    assert data["actions"] == ["open_notice", "cancel"]
    assert_documented(response, "POST", "/api/nomination-rounds/")

    patched = organizer_client.patch(f"/api/nomination-rounds/{data['id']}/",
                                     {"quotas": {"cppcc": 4}}, format="json")
    assert patched.status_code == 200
    assert patched.json()["quotas"] == {"cppcc": 4}
    assert patched.json()["rules"]["cppcc"]["min_years"] == "1.0"


@pytest.mark.parametrize("change,field", [
    ({"quotas": {"mayor": 1}}, "quotas"),
    ({"rules": {"cppcc": {"min_age": 60, "max_age": 18}}}, "rules"),
    ({"rules": {"cppcc": {"min_non_party_share": "1.5"}}}, "rules.cppcc.min_non_party_share"),
    ({"exclusive_posts": [["cppcc", "cppcc"]]}, "exclusive_posts"),
    ({"sources": [{"contest": 999999, "weight": "1"}]}, "sources"),
    ({"reference_date": "2027-02-30"}, "reference_date"),
])
def test_bad_round_bodies_are_400s_naming_the_field(organizer_client, change, field):
    response = organizer_client.post("/api/nomination-rounds/", {**ROUND_BODY, **change},
                                     format="json")
    assert response.status_code == 400
    assert any(key == field or key.startswith(f"{field}.") for key in response.json()), \
        response.json()
    assert not NominationRound.objects.exists()


def test_a_round_is_edited_only_while_open(organizer_client):
    round_ = RoundFactory(state=NominationRound.State.IN_NOTICE)
    response = organizer_client.patch(f"/api/nomination-rounds/{round_.pk}/",
                                      {"title": "新标题"}, format="json")
    assert response.status_code == 409
    assert response.json()["state"] == "in_notice"


def test_a_manual_proposal_needs_a_reason_and_a_duplicate_names_the_first(organizer_client):
    round_ = RoundFactory()
    worker = WorkerFactory()
    url = f"/api/nomination-rounds/{round_.pk}/nominations/"

    missing = organizer_client.post(url, {"worker": worker.pk, "post": "cppcc"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    created = organizer_client.post(url, {"worker": worker.pk, "post": "cppcc",
                                          "reason": "连续三年获评五星骑手"}, format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["source"], data["status"], data["post"]) == ("manual", "eligible", "cppcc")
    assert data["composite_score"] == "0.00" and data["provenance"] == []
    assert data["worker"]["name"] == worker.real_name
    assert Notification.objects.filter(user=worker, kind="nomination_proposed").count() == 1

    again = organizer_client.post(url, {"worker": worker.pk, "post": "cppcc",
                                        "reason": "重复"}, format="json")
    assert again.status_code == 409
    assert again.json()["nomination"] == data["id"]
    assert again.json()["state"] == "eligible"
    assert_documented(again, "POST", "/api/nomination-rounds/{id}/nominations/")
    # Another post for the same worker is a nomination of its own.
    other = organizer_client.post(url, {"worker": worker.pk, "post": "peoples_congress",
                                        "reason": "同上"}, format="json")
    assert other.status_code == 201


def test_a_judge_cannot_be_proposed(organizer_client):
    round_ = RoundFactory()
    response = organizer_client.post(f"/api/nomination-rounds/{round_.pk}/nominations/",
                                     {"worker": JudgeFactory().pk, "post": "cppcc",
                                      "reason": "x"}, format="json")
    assert response.status_code == 400 and "worker" in response.json()


def test_review_and_withdraw_over_the_api(organizer_client):
    nomination = NominationFactory()
    url = f"/api/nominations/{nomination.pk}/"

    approved = organizer_client.post(url + "review/", {"stage": "union", "decision": "approve",
                                                       "reason": "同意"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == "union_approved"
    reviewer = approved.json()["reviews"][0]["reviewer"]
    assert reviewer["id"] == organizer_client.handler._force_user.pk
    wrong = organizer_client.post(url + "review/", {"stage": "union", "decision": "approve"},
                                  format="json")
    assert wrong.status_code == 409 and wrong.json()["state"] == "union_approved"
    assert_documented(wrong, "POST", "/api/nominations/{id}/review/")
    withdrawn = organizer_client.post(url + "withdraw/", {"reason": "本人工作调动"},
                                      format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["status_reason"] == "本人工作调动"


def test_the_nominee_accepts_or_declines(api_client):
    nomination = NominationFactory()
    nominee = client_for(nomination.worker)
    url = f"/api/nominations/{nomination.pk}/respond/"

    accepted = nominee.post(url, {"accept": True}, format="json")
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    declined = nominee.post(url, {"accept": False}, format="json")
    assert declined.status_code == 200
    assert declined.json()["status"] == "withdrawn"
    assert declined.json()["accepted"] is False
    assert declined.json()["status_reason"] == "Declined by the worker."
    again = nominee.post(url, {"accept": True}, format="json")
    assert again.status_code == 409 and again.json()["state"] == "withdrawn"
    mine = nominee.get("/api/me/nominations/")
    assert [n["id"] for n in mine.json()["results"]] == [nomination.pk]


ORGANIZER_ONLY = [
    ("get", "/api/nomination-rounds/"),
    ("get", "/api/nomination-rounds/{round}/"),
    ("patch", "/api/nomination-rounds/{round}/"),
    ("post", "/api/nomination-rounds/{round}/transition/"),
    ("post", "/api/nomination-rounds/{round}/decide/"),
    ("get", "/api/nomination-rounds/{round}/nominations/"),
    ("post", "/api/nomination-rounds/{round}/nominations/"),
    ("post", "/api/nominations/{nomination}/review/"),
    ("post", "/api/nominations/{nomination}/withdraw/"),
    ("post", "/api/nominations/{nomination}/promote/"),
    ("get", "/api/nomination-rounds/{round}/export.xlsx"),
]


@pytest.mark.parametrize("method,path", ORGANIZER_ONLY)
def test_permissions_for_every_role(method, path):
    nomination = NominationFactory()
    url = path.format(round=nomination.round_id, nomination=nomination.pk)
    callers = {
        "anonymous": (APIClient(), 401),
        "judge": (client_for(JudgeFactory()), 404),
        "worker": (client_for(WorkerFactory()), 404),
        "nominee": (client_for(nomination.worker), 404),
    }
    template = path.replace("{round}", "{id}").replace("{nomination}", "{id}")
    for who, (client, expected) in callers.items():
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == expected, (who, response.status_code)
        assert_documented(response, method.upper(), template)
    organizer = getattr(client_for(OrganizerFactory()), method)(url, {}, format="json")
    assert organizer.status_code not in (401, 403, 404)


def test_a_nomination_is_seen_by_organizers_and_its_nominee_only():
    nomination = NominationFactory()
    url = f"/api/nominations/{nomination.pk}/"
    assert client_for(nomination.worker).get(url).status_code == 200
    assert client_for(OrganizerFactory()).get(url).status_code == 200
    assert client_for(WorkerFactory()).get(url).status_code == 404
    assert client_for(JudgeFactory()).get(url).status_code == 404
    assert APIClient().get(url).status_code == 401
    other = client_for(WorkerFactory()).post(url + "respond/", {"accept": False},
                                             format="json")
    assert other.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE


def _nominations_with_provenance(round_, count):
    from tests.factories.publicity import contest_with_results

    built = contest_with_results(winners=1, losers=0)
    for _ in range(count):
        nomination = NominationFactory(round=round_, post="cppcc")
        nomination.provenance.create(
            contest=built.contest, stage=built.stage, entry=built.winners[0],
            stage_score=Decimal("90"), max_score=Decimal(100), rank=1, tier_name="一等奖",
            weight=Decimal(1))
        nomination.reviews.create(stage="union", decision="approve", reason="同意",
                                  reviewer=round_.created_by, at=nomination.created_at)


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_with_provenance_runs_a_fixed_number_of_queries(
        organizer_client, django_assert_num_queries, count):
    round_ = RoundFactory()
    _nominations_with_provenance(round_, count)
    # Session/auth is forced; queries: round, count, page, provenance, reviews.
    with django_assert_num_queries(5):
        response = organizer_client.get(
            f"/api/nomination-rounds/{round_.pk}/nominations/?page_size=50")
    assert response.status_code == 200
    assert len(response.json()["results"]) == count
    assert all(len(n["provenance"]) == 1 for n in response.json()["results"])
    assert_documented(response, "GET", "/api/nomination-rounds/{id}/nominations/")
