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


@pytest.mark.parametrize("state", [Contest.State.IN_NOTICE, Contest.State.FINAL])
def test_published_results_are_not_recomputed_from_the_admin(make_scenario, client, state,
                                                           django_capture_on_commit_callbacks):
    """The admin asks the API's service, which refuses once results are published: the
    final contest's rows stay as they were published."""
    s = make_scenario(entries=2, judges=2, panel_size=2, state=Contest.State.RESULTS_READY)
    s.submit_all()
    result_set = compute_stage_results(stage_id=s.stage.pk)
    published = list(result_set.rows.values_list("entry_id", "rank", "stage_score"))
    Contest.objects.filter(pk=s.contest.pk).update(state=state)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("admin:judging_resultset_changelist"),
                               {"action": "recompute", "_selected_action": [result_set.pk]},
                               follow=True)
    assert queued == []
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith(str(s.stage))
    assert "queued" not in messages[0].lower()
    result_set.refresh_from_db()
    assert result_set.computations == 1
    assert list(result_set.rows.values_list("entry_id", "rank", "stage_score")) == published
