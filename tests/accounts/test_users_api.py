"""GET/POST /api/users/, GET /api/users/{id}/, POST /api/users/{id}/reveal-id/."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from tests.factories.accounts import (
    EnterpriseFactory,
    JudgeFactory,
    OrganizerFactory,
    TradeUnionFactory,
    WorkerFactory,
)
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api, pytest.mark.django_db]

LIST_URL = reverse("api-users")


def _detail(user):
    return reverse("api-user", args=[user.pk])


def _reveal(user):
    return reverse("api-user-reveal-id", args=[user.pk])


def _masked(number):
    return number[:4] + "*" * 10 + number[-4:]


# --- who may list and read ---------------------------------------------------------------


def test_anonymous_gets_401(api_client):
    assert api_client.get(LIST_URL).status_code == 401
    assert api_client.post(LIST_URL, {}, format="json").status_code == 401


def test_a_worker_cannot_list_users(worker_client):
    assert worker_client.get(LIST_URL).status_code == 403


def test_a_judge_cannot_create_users(judge_client):
    before = User.objects.count()
    response = judge_client.post(LIST_URL, {"username": "x", "role": "judge",
                                            "real_name": "某某"}, format="json")
    assert response.status_code == 403
    assert User.objects.count() == before


def test_a_worker_reads_themself_with_a_masked_id_and_their_own_phone(worker_client, worker):
    response = worker_client.get(_detail(worker))

    assert response.status_code == 200
    number = worker.worker_profile.decrypted_id_number()
    assert response.data["profile"]["id_number"] == _masked(number)
    assert response.data["phone"] == worker.phone
    assert number not in response.content.decode()


def test_a_worker_cannot_read_another_worker_nor_learn_it_exists(worker_client):
    other = WorkerFactory()
    assert worker_client.get(_detail(other)).status_code == 404
    missing = reverse("api-user", args=[other.pk + 1000])
    assert worker_client.get(missing).status_code == 404


def test_an_organizer_reads_anyone_with_a_masked_id_by_default(organizer_client):
    worker = WorkerFactory()
    response = organizer_client.get(_detail(worker))

    assert response.status_code == 200
    number = worker.worker_profile.decrypted_id_number()
    assert response.data["profile"]["id_number"] == _masked(number)
    assert response.data["phone"] == worker.phone


# --- list ------------------------------------------------------------------------------


def test_the_list_is_paginated_and_filterable(organizer_client, organizer):
    enterprise = EnterpriseFactory()
    rider = WorkerFactory(enterprise=enterprise)
    courier = WorkerFactory(profile__industry="express")
    judge = JudgeFactory()

    data = organizer_client.get(LIST_URL).data
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 4

    def ids(query):
        return {row["id"] for row in organizer_client.get(LIST_URL, query).data["results"]}

    assert ids({"role": "judge"}) == {judge.pk}
    assert ids({"role": "organizer"}) == {organizer.pk}
    assert ids({"industry": "express"}) == {courier.pk}
    assert ids({"enterprise": enterprise.pk}) == {rider.pk}


def test_a_bad_filter_value_is_a_400_naming_it(organizer_client):
    response = organizer_client.get(LIST_URL, {"role": "emperor"})
    assert response.status_code == 400 and "role" in response.data


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "1.5", "abc"])
def test_an_enterprise_that_cannot_be_an_id_is_a_400_naming_it(organizer_client, value):
    # Found by schema fuzzing: an id beyond 64 bits reached the database, which SQLite
    # cannot take (OverflowError, a 500).
    response = organizer_client.get(LIST_URL, {"enterprise": value})
    assert response.status_code == 400 and "enterprise" in response.data
    assert_documented(response, "GET", "/api/users/")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(rows, django_assert_num_queries):
    union = TradeUnionFactory()
    enterprise = EnterpriseFactory(union=union)
    organizer = OrganizerFactory()
    WorkerFactory.create_batch(rows - 1, enterprise=enterprise, union=union)
    client = APIClient()
    client.force_authenticate(organizer)

    # One COUNT for the pagination, one SELECT joining enterprise, union and profile.
    with django_assert_num_queries(2):
        response = client.get(LIST_URL, {"page_size": 100})
    assert response.data["count"] == rows


# --- create ----------------------------------------------------------------------------


def test_a_username_in_chinese_is_created_and_answered_as_documented(organizer_client):
    # Found by schema fuzzing: the schema gave usernames the pattern ^[\w.@+-]+$, in which
    # \w is ASCII only, while usernames are checked with Python's Unicode-aware \w.
    response = organizer_client.post(LIST_URL, {
        "username": "张评委", "password": "Judge-Zhang-2026", "role": "judge",
        "real_name": "张敏",
    }, format="json")
    assert response.status_code == 201, response.data
    assert response.data["username"] == "张评委"
    assert_documented(response, "POST", "/api/users/")


def test_an_organizer_creates_a_judge_from_an_enterprise(organizer_client, organizer):
    enterprise = EnterpriseFactory()
    response = organizer_client.post(LIST_URL, {
        "username": "judge_li", "password": "Judge-Li-2026", "role": "judge",
        "real_name": "李敏", "phone": "13900001111", "enterprise": enterprise.pk,
    }, format="json")

    assert response.status_code == 201, response.data
    judge = User.objects.get(username="judge_li")
    assert (judge.role, judge.enterprise, judge.is_staff) == ("judge", enterprise, False)
    assert judge.check_password("Judge-Li-2026")
    event = AuditEvent.objects.get(action="accounts.user_created")
    assert event.actor_id == organizer.pk and event.data["role"] == "judge"


def test_a_new_organizer_is_staff_with_the_organizers_permissions(organizer_client):
    response = organizer_client.post(LIST_URL, {
        "username": "org_zhao", "role": "organizer", "real_name": "赵丽",
    }, format="json")

    assert response.status_code == 201, response.data
    new = User.objects.get(username="org_zhao")
    assert new.is_staff and not new.is_superuser
    assert not new.has_usable_password()  # set later through a reset link
    assert new.has_perm("accounts.change_enterprise")
    assert new.has_perm("accounts.view_workerprofile")
    assert new.has_perm("audit.view_auditevent")
    assert not new.has_perm("audit.change_auditevent")


def test_an_organizer_creates_a_worker_with_a_profile(organizer_client):
    response = organizer_client.post(LIST_URL, {
        "username": "courier_sun", "role": "worker", "real_name": "孙浩",
        "phone": "13700002222", "id_number": "11010519491231002x", "industry": "express",
        "union_member": True, "political_status": "probationary_member",
        "years_in_industry": "4",
    }, format="json")

    assert response.status_code == 201, response.data
    profile = User.objects.get(username="courier_sun").worker_profile
    assert profile.political_status == "probationary_member"
    assert profile.decrypted_id_number() == "11010519491231002X"
    assert response.data["profile"]["id_number"] == "1101**********002X"


def test_a_worker_needs_an_id_number_and_industry(organizer_client):
    before = User.objects.count()
    response = organizer_client.post(LIST_URL, {
        "username": "w", "role": "worker", "real_name": "孙浩", "phone": "13700002222",
    }, format="json")
    assert response.status_code == 400
    assert {"id_number", "industry"} <= set(response.data)
    assert User.objects.count() == before


def test_only_workers_have_an_id_number(organizer_client):
    response = organizer_client.post(LIST_URL, {
        "username": "j", "role": "judge", "real_name": "某某", "id_number": "11010519491231002X",
    }, format="json")
    assert response.status_code == 400 and "id_number" in response.data


# --- reveal ----------------------------------------------------------------------------


def test_an_organizer_reveals_an_id_number_and_the_reason_is_audited(organizer_client,
                                                                     organizer):
    worker = WorkerFactory()
    response = organizer_client.post(_reveal(worker), {"reason": "核对先锋骑手推荐材料"},
                                     format="json")

    assert response.status_code == 200
    assert response.data == {"id": worker.pk,
                             "id_number": worker.worker_profile.decrypted_id_number()}
    event = AuditEvent.objects.get(action="pii.viewed")
    assert (event.actor_id, event.object_id) == (organizer.pk, str(worker.pk))
    assert event.reason == "核对先锋骑手推荐材料" and event.data == {"field": "id_number"}


def test_revealing_needs_a_reason_and_writes_nothing_without_one(organizer_client):
    worker = WorkerFactory()
    before = AuditEvent.objects.count()
    for body in ({}, {"reason": "   "}):
        response = organizer_client.post(_reveal(worker), body, format="json")
        assert response.status_code == 400 and "reason" in response.data
    assert AuditEvent.objects.count() == before


def test_nobody_but_an_organizer_reveals(worker_client, worker, judge_client):
    assert worker_client.post(_reveal(worker), {"reason": "x"}, format="json").status_code == 403
    assert judge_client.post(_reveal(worker), {"reason": "x"}, format="json").status_code == 403
    assert not AuditEvent.objects.filter(action="pii.viewed").exists()


def test_revealing_for_someone_without_a_profile_is_a_404(organizer_client):
    judge = JudgeFactory()
    response = organizer_client.post(_reveal(judge), {"reason": "x"}, format="json")
    assert response.status_code == 404
