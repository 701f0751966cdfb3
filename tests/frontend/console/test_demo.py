"""The demo gives every demo login work to do: contests in every state, judge1–judge6
with scorecards to finish, a tie to decide, an objection to resolve, certificates."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client

from accounts.models import User
from contests.demo_states import FINAL_TITLE, NOTICE_TITLE, RESULTS_TITLE
from contests.models import Contest
from judging.models import Assignment, ResultSet, Scorecard
from publicity.models import Certificate, Objection

pytestmark = pytest.mark.integration


def test_the_demo_has_a_contest_in_every_state_and_work_for_everyone(db):
    call_command("seed_demo", verbosity=0)
    states = set(Contest.objects.values_list("state", flat=True))
    assert states >= {"registration_open", "registration_closed", "judging", "results_ready",
                      "in_notice", "final"}
    judging = Assignment.objects.filter(stage__contest__state=Contest.State.JUDGING)
    loads = judging.values("judge__username").annotate(
        total=Count("id"),
        submitted=Count("id", filter=Q(scorecard__state=Scorecard.State.SUBMITTED)),
        drafts=Count("id", filter=Q(scorecard__state=Scorecard.State.DRAFT)))
    by_judge = {row["judge__username"]: row for row in loads}
    for name in [f"judge{i}" for i in range(1, 7)]:
        row = by_judge[name]
        assert row["total"] > row["submitted"] > 0 and row["drafts"] == 1, row
    assert ResultSet.objects.get(stage__contest__title=RESULTS_TITLE).needs_decision
    assert Objection.objects.filter(notice__contest__title=NOTICE_TITLE,
                                    status=Objection.Status.PENDING).count() == 1
    assert Certificate.objects.filter(contest__title=FINAL_TITLE,
                                      contest__state="final").count() == 5

    client = Client()
    client.force_login(User.objects.get(username="organizer"))
    html = client.get("/console/").content.decode()
    assert "5 submitted entries await review" in html
