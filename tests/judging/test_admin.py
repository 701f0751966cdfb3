"""The judging admin shows everything and writes nothing by hand."""

import pytest
from django.urls import reverse

from contests.models import Contest
from judging.models import ResultSet
from judging.services.results import compute_stage_results
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.api

MODELS = ("panelmember", "assignment", "conflict", "scorecard", "objectivescore", "resultset",
          "tierdecision")


def test_changelists_render_and_results_can_be_recomputed(make_scenario, client,
                                                          django_capture_on_commit_callbacks):
    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.RESULTS_READY)
    s.submit_all()
    result_set = compute_stage_results(stage_id=s.stage.pk)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in MODELS:
        assert client.get(reverse(f"admin:judging_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:judging_{model}_add")).status_code == 403
    card = s.assignments()[0].scorecard
    assert client.get(reverse("admin:judging_scorecard_change", args=[card.pk])).status_code \
        == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:judging_resultset_changelist"),
                               {"action": "recompute", "_selected_action": [result_set.pk]})
    assert response.status_code == 302
    assert ResultSet.objects.get(pk=result_set.pk).computations == 2
