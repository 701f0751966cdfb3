"""Right after judging closes, the results are being computed: a 409 a client can act on
(retry), not a 404 that reads as "no such contest"."""

import pytest

from contests.models import Contest
from contests.transitions import transition_contest
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api]

PATH = "/api/contests/{id}/results/"


def test_results_being_computed_answer_409_with_the_state(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2)
    s.submit_all()
    # Committed, but the queued computation has not run (no worker yet).
    transition_contest(contest=s.contest, action="close_judging", actor=s.organizer)

    response = s.client(s.organizer).get(f"/api/contests/{s.contest.pk}/results/")

    assert response.status_code == 409
    assert response.json() == {"detail": "The results are being computed; try again shortly.",
                               "state": "results_ready"}
    assert_documented(response, "GET", PATH)


def test_before_judging_closes_there_are_no_results(make_scenario):
    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.JUDGING)

    response = s.client(s.organizer).get(f"/api/contests/{s.contest.pk}/results/")

    assert response.status_code == 404
