"""The set-up form: the whole nested body on one page, rows added and removed without
saving, errors next to their field (the body paths of the validation), edit while draft,
and copying an earlier contest."""

import pytest
from django.urls import reverse

from contests.models import Contest
from tests.factories.contests import contest_with_structure

from .conftest import page

pytestmark = pytest.mark.api


def valid_form(**changes) -> dict:
    data = {
        "title": "2027年快递员技能竞赛", "kind": "skills", "year": "2027",
        "industries": ["express"], "registration_opens": "2027-03-01T09:00",
        "registration_closes": "2027-03-20T18:00", "judging_closes": "2027-04-10T18:00",
        "notice_days": "5", "eligibility.min_age": "18", "eligibility.max_age": "60",
        "eligibility.union_member": "on",
        "tracks[0].name": "包裹分拣", "tracks[1].name": "安全驾驶",
        "stages[0].name": "决赛", "stages[0].aggregation": "trimmed_mean",
        "stages[0].trim": "1", "stages[0].normalize": "none", "stages[0].panel_size": "5",
        "stages[0].criteria[0].name": "实操", "stages[0].criteria[0].max_score": "70",
        "stages[0].criteria[0].weight": "1", "stages[0].criteria[0].kind": "judged",
        "stages[0].criteria[1].name": "理论", "stages[0].criteria[1].max_score": "30",
        "stages[0].criteria[1].weight": "1", "stages[0].criteria[1].kind": "objective",
        "stages[0].tie_breaks[0].criterion": "实操", "stages[0].tie_breaks[0].order": "desc",
        "tiers[0].name": "一等奖", "tiers[0].quota": "1",
        "tiers[1].name": "二等奖", "tiers[1].quota_percent": "20",
    }
    data.update(changes)
    return data


def test_a_contest_is_created_from_the_form_after_one_correction(console, organizer):
    url = reverse("console:contest-new")
    wrong = valid_form(**{"stages[0].panel_size": "2"})
    response = console.post(url, wrong)
    assert response.status_code == 400
    html = page(response)
    # The error sits next to the field it names, tied to it for screen readers.
    assert ('id="f-stages-0-panel-size" name="stages[0].panel_size" type="text" value="2" '
            'inputmode="numeric" aria-invalid="true" '
            'aria-describedby="f-stages-0-panel-size-error"') in html
    assert 'id="f-stages-0-panel-size-error"' in html
    assert "needs at least 3 judges per entry" in html
    assert 'href="#f-stages-0-panel-size"' in html  # the summary links to it
    assert 'value="包裹分拣"' in html  # what was typed is kept
    assert not Contest.objects.exists()

    response = console.post(url, valid_form())
    contest = Contest.objects.get()
    assert response["Location"] == reverse("console:contest", args=[contest.pk])
    assert (contest.title, contest.industries, contest.union_member_required) == (
        "2027年快递员技能竞赛", ["express"], True)
    assert [t.name for t in contest.tracks.all()] == ["包裹分拣", "安全驾驶"]
    stage = contest.stages.get()
    assert [(c.name, c.kind) for c in stage.criteria.all()] == [
        ("实操", "judged"), ("理论", "objective")]
    assert [(t.quota, t.quota_percent) for t in contest.tiers.all()] == [(1, None), (None, 20)]
    assert contest.created_by == organizer


def test_rows_are_added_and_removed_without_saving(console):
    url = reverse("console:contest-new")
    response = console.post(url, {**valid_form(), "op": "add:stages[0].criteria"})
    assert response.status_code == 200
    assert 'name="stages[0].criteria[2].name"' in page(response)
    response = console.post(url, {**valid_form(), "op": "remove:tracks[0]"})
    html = page(response)
    assert 'name="tracks[0].name" type="text" value="安全驾驶"' in html
    assert 'name="tracks[1].name"' not in html
    assert not Contest.objects.exists()


def test_with_htmx_only_the_form_is_redrawn(console):
    response = console.post(reverse("console:contest-new"), {**valid_form(), "op": "add:tiers"},
                            HTTP_HX_REQUEST="true")
    html = page(response)
    assert html.lstrip().startswith('<form method="post" id="contest-form"')
    assert 'name="tiers[2].name"' in html


def test_industries_and_enums_are_choices(console):
    html = page(console.get(reverse("console:contest-new")))
    assert 'type="checkbox" name="industries" value="food_delivery"' in html
    assert '<option value="trimmed_mean"' in html and '<option value="zscore"' in html


def test_a_draft_is_edited_and_a_published_one_is_not(console):
    contest = contest_with_structure()
    url = reverse("console:contest-edit", args=[contest.pk])
    form = console.get(url).context["form"]
    assert form["tracks"][0]["name"].value == "综合"
    data = {key: value for key, value in valid_form().items() if not key.startswith("tracks")}
    data.update({"tracks[0].id": str(contest.tracks.get().pk), "tracks[0].name": "综合组",
                 "stages[0].id": str(contest.stages.get().pk)})
    response = console.post(url, data)
    assert response.status_code == 302
    assert [t.name for t in contest.tracks.all()] == ["综合组"]

    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.REGISTRATION_OPEN)
    response = console.post(url, data)
    assert response.status_code == 409
    assert "A contest can be edited only while it is a draft." in page(response)


def test_copy_from_an_earlier_contest(console):
    earlier = contest_with_structure(title="2025年度先锋骑手评选")
    response = console.get(reverse("console:contest-new"), {"copy": earlier.pk})
    html = page(response)
    assert 'value="2025年度先锋骑手评选"' in html
    assert 'name="tracks[0].id" value=""' in html  # a copy, not the same rows
