"""Pinned query counts: the list at 1 and 50 assignments, the scoring page, a draft save."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories.contests import AttachmentFactory
from tests.factories.judging import ScorecardFactory

from .conftest import make_judging

pytestmark = pytest.mark.django_db

# session, user, the judge's assignments (+ criteria, scorecard scores, attachments
# prefetched), their count (the pages), the stage filter's choices, the progress aggregate,
# the page shell's unread-notification count.
LIST_QUERIES = 10
# session, user, the assignment (+ 3 prefetches), the unread-notification count.
SCORING_QUERIES = 7
# session, user; Idempotency-Key: claim (in a savepoint), store the answer; the service
# (in a savepoint): lock the assignment, read the card, the criteria, the card's scores
# (PostgreSQL: the criteria with the lock, the scores with the card and the audit head's
# lock), write the card and its changed scores (PostgreSQL: one statement, the audit event
# and the head's update too), the audit event in the contest's stream (opened here: head
# looked up, then created in a savepoint; event; head. PostgreSQL: the card's read finds
# no head, which is looked up and created, then the read runs again with its lock).
DRAFT_QUERIES = 16 if connection.vendor == "postgresql" else 20


@pytest.mark.parametrize("n", [1, 50])
def test_the_list_costs_the_same_at_1_and_50_assignments(client, django_assert_num_queries, n):
    judging = make_judging(n)
    drafts = judging.assignments[: max(1, n // 2)]
    for assignment in drafts:
        ScorecardFactory(assignment=assignment, scores={judging.criteria[0]: "5"})
        AttachmentFactory(entry=assignment.entry)
    client.force_login(judging.judge)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("judge-assignments"), {"status": "draft"})
    assert response.content.decode().count('class="assignment"') == len(drafts)


@pytest.mark.parametrize("n", [1, 50])
def test_the_scoring_page_costs_the_same_at_1_and_50_assignments(client,
                                                                 django_assert_num_queries, n):
    judging = make_judging(n)
    assignment = judging.assignments[-1]
    ScorecardFactory(assignment=assignment, scores={judging.criteria[0]: "5"})
    AttachmentFactory(entry=assignment.entry)
    client.force_login(judging.judge)
    with django_assert_num_queries(SCORING_QUERIES):
        response = client.get(reverse("judge-scoring", args=[assignment.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_a_draft_save_is_one_request_and_a_fixed_number_of_queries(
        client, django_assert_num_queries, n):
    judging = make_judging(n)
    assignment = judging.assignments[-1]
    safety, service = judging.criteria
    ScorecardFactory(assignment=assignment, version=1, scores={safety: "5", service: "9"})
    client.force_login(judging.judge)
    body = {"scores": {str(safety.pk): "6.5", str(service.pk): "9"}, "comment": "",
            "base_version": 1}
    with django_assert_num_queries(DRAFT_QUERIES):
        response = client.post(reverse("judge-draft", args=[assignment.pk]), json.dumps(body),
                               content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("page", ["judge-submit", "judge-conflict"])
def test_the_confirmation_pages_cost_the_same_at_1_and_50_assignments(
        client, django_assert_num_queries, n, page):
    judging = make_judging(n)
    assignment = judging.assignments[-1]
    ScorecardFactory(assignment=assignment, scores={judging.criteria[0]: "5"})
    client.force_login(judging.judge)
    with django_assert_num_queries(SCORING_QUERIES):
        response = client.get(reverse(page, args=[assignment.pk]))
    assert response.status_code == 200
