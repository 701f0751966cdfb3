"""评审 pages: the panel with known conflicts, auto-assignment with its loads, progress
bars, reopening a scorecard, objective scores typed in or imported."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from contests.models import Contest, Entry
from judging.models import Assignment, ObjectiveScore, Scorecard
from tests.factories.accounts import EnterpriseFactory, JudgeFactory, WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure

from .conftest import messages_of, page
from .scenarios import judged_contest

pytestmark = pytest.mark.api


def test_build_a_panel_and_auto_assign_with_the_loads_shown(console):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    stage = contest.stages.get()
    stage.panel_size = 2
    stage.save()
    enterprise = EnterpriseFactory()
    for i in range(4):
        EntryFactory(contest=contest, track=contest.tracks.get(), status=Entry.Status.QUALIFIED,
                     worker=WorkerFactory(enterprise=enterprise if i == 0 else None))
    judges = [JudgeFactory(username=f"judge{i}") for i in range(3)]
    judges[0].enterprise = enterprise
    judges[0].save()
    url = reverse("console:judging", args=[contest.pk])
    html = page(console.get(url))
    assert "1 entry from their enterprise" in html  # the known conflict, before choosing

    console.post(reverse("console:panel", args=[contest.pk]),
                 {"stage": stage.pk, "judges": [j.pk for j in judges]})
    response = console.post(reverse("console:assign", args=[contest.pk]), {"stage": stage.pk},
                            follow=True)
    assert "8 assignments made, 0 kept. Entries per judge:" in messages_of(response)[-1]
    loads = sorted(Assignment.objects.filter(stage=stage).values_list("judge_id", flat=True))
    assert [loads.count(j.pk) for j in judges] in ([2, 3, 3], [3, 2, 3], [3, 3, 2])
    first = contest.entries.get(worker__enterprise=enterprise)
    assert not Assignment.objects.filter(entry=first, judge=judges[0]).exists()
    assert '<progress max="8" value="0"' in page(response)


def test_auto_assign_without_a_panel_says_why(console):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    response = console.post(reverse("console:assign", args=[contest.pk]),
                            {"stage": contest.stages.get().pk}, follow=True)
    assert messages_of(response) == ["The stage has no panel yet."]


def test_progress_per_judge_and_entry_and_reopen_a_scorecard(console):
    contest, stage, entries, _judges = judged_contest(entries=2, judges=3)
    html = page(console.get(reverse("console:judging", args=[contest.pk])))
    assert '<progress max="6" value="6"' in html
    assert '<progress max="3" value="3" aria-label="' + entries[0].code in html
    card = Scorecard.objects.filter(assignment__entry=entries[0]).first()
    url = reverse("console:reopen", args=[contest.pk, card.pk])
    response = console.post(url, {"stage": stage.pk, "reason": ""}, follow=True)
    assert messages_of(response) == ["Give a reason."]
    console.post(url, {"stage": stage.pk, "reason": "事迹分录入有误"})
    card.refresh_from_db()
    assert card.state == Scorecard.State.REOPENED


def _sheet(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "scores.xlsx"
    return data


def test_objective_scores_imported_with_row_errors_then_typed_in(console):
    contest, stage, entries, _judges = judged_contest(entries=2, objective=True, submit=False)
    url = reverse("console:objective-import", args=[contest.pk])
    bad = _sheet([["entry code", "理论"], [entries[0].code, 40], ["NOPE1234", 30],
                  [entries[1].code, 80]])
    response = console.post(url, {"stage": stage.pk, "file": bad}, follow=True)
    html = page(response)
    assert "Nothing was imported." in html
    assert "No entry NOPE1234 in this contest." in html
    assert '<td class="num">4</td><td>理论</td>' in html  # row 4: above the maximum
    assert not ObjectiveScore.objects.exists()

    good = _sheet([["entry code", "理论"], [entries[0].code, 40], [entries[1].code, 35.5]])
    response = console.post(url, {"stage": stage.pk, "file": good}, follow=True)
    assert messages_of(response) == ["2 scores of 2 entries imported."]
    criterion = stage.criteria.get(kind="objective")
    console.post(reverse("console:objective", args=[contest.pk, entries[0].pk]),
                 {"stage": stage.pk, f"score-{criterion.pk}": "45"})
    assert ObjectiveScore.objects.get(entry=entries[0]).value == 45


def test_an_assignment_is_moved_by_hand_within_the_recusal_rules(console):
    contest, stage, entries, judges = judged_contest(entries=2, judges=3, panel_size=2,
                                                     submit=False)
    assignment = Assignment.objects.filter(entry=entries[0]).order_by("id").first()
    free = next(j for j in judges if not Assignment.objects.filter(
        entry=entries[0], judge=j).exists())
    busy = Assignment.objects.filter(entry=entries[0]).exclude(pk=assignment.pk).get().judge
    url = reverse("console:move-assignment", args=[contest.pk, assignment.pk])
    response = console.post(url, {"stage": stage.pk, "judge": busy.pk}, follow=True)
    assert messages_of(response)[-1] == "This judge already judges the entry."
    response = console.post(url, {"stage": stage.pk, "judge": free.pk}, follow=True)
    assignment.refresh_from_db()
    assert assignment.judge == free
    assert f"Entry {entries[0].code} now goes to {free.real_name}." in messages_of(response)


def test_every_submitted_scorecard_can_be_reopened_a_page_at_a_time(console, monkeypatch):
    from frontend.console import judging

    monkeypatch.setattr(judging, "CARDS_PAGE_SIZE", 4)
    contest, _stage, _entries, _judges = judged_contest(entries=3, judges=3)
    url = reverse("console:judging", args=[contest.pk])
    pages = [page(console.get(url, {"cards": n})) for n in (1, 2)]
    assert "9 scorecards submitted, in the order of the entry codes." in pages[0]
    assert '<span aria-current="page">1 / 3</span>' in pages[0]
    assert 'href="?cards=2#cards-h" rel="next"' in pages[0]
    assert 'href="?cards=1#cards-h" rel="prev"' in pages[1]
    listed = [html.count("Reopen the scorecard") for html in pages]
    listed.append(page(console.get(url, {"cards": 3})).count("Reopen the scorecard"))
    assert listed == [4, 4, 1]
    for card in Scorecard.objects.filter(assignment__stage__contest=contest):
        action = reverse("console:reopen", args=[contest.pk, card.pk])
        shown = [n for n in (1, 2, 3) if action in page(console.get(url, {"cards": n}))]
        assert len(shown) == 1  # on exactly one page
