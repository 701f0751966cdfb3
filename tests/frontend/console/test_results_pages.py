"""结果, 公示 and 证书 pages: a tie decided with a form, publication refused while it
blocks (saying what), objections resolved, certificates revoked, plots."""

import pytest
from django.urls import reverse

from contests.models import Contest
from judging.models import ResultRow
from publicity.models import Certificate, Objection
from tests.factories.publicity import ObjectionFactory, final_contest, published_contest

from .conftest import messages_of, page
from .scenarios import judged_contest

pytestmark = pytest.mark.api


def test_a_tie_blocks_publication_until_it_is_decided(console):
    contest, _stage, entries, _judges = judged_contest(
        entries=3, judges=1, panel_size=1, scores=[88, 88, 70],
        state=Contest.State.RESULTS_READY)
    url = reverse("console:results", args=[contest.pk])
    html = page(console.get(url))
    assert "Cannot be published yet: A tie at a quota boundary needs a decision" in html
    assert reverse("console:move", args=[contest.pk, "publish"]) not in html

    response = console.post(reverse("console:move", args=[contest.pk, "publish"]), follow=True)
    assert messages_of(response)[0].startswith("A tie at a quota boundary needs a decision")

    tier = contest.tiers.get()
    response = console.post(reverse("console:decide", args=[contest.pk]),
                            {"entries": [entries[0].pk], "tier": tier.pk,
                             "reason": "实操分更高"}, follow=True)
    assert messages_of(response) == ["The decision is recorded and the results recomputed."]
    row = ResultRow.objects.get(entry=entries[0])
    assert (row.tier_id, row.decided) == (tier.pk, True)
    assert reverse("console:move", args=[contest.pk, "publish"]) in page(response)

    console.post(reverse("console:move", args=[contest.pk, "publish"]), {"reason": ""})
    contest.refresh_from_db()
    assert contest.state == Contest.State.IN_NOTICE


def test_recompute_is_refused_in_notice(console):
    built, _notice = published_contest()
    response = console.post(reverse("console:recompute", args=[built.contest.pk]), follow=True)
    assert messages_of(response) == ["This is not allowed in the current state."]


def test_an_objection_is_resolved_with_a_written_resolution(console):
    built, notice = published_contest()
    objection = ObjectionFactory(notice=notice)
    url = reverse("console:resolve", args=[built.contest.pk, objection.pk])
    response = console.post(url, {"decision": "dismissed", "resolution": ""}, follow=True)
    assert messages_of(response) == ["Write the resolution."]
    html = page(console.get(reverse("console:publication", args=[built.contest.pk])))
    assert objection.text in html and objection.contact in html
    console.post(url, {"decision": "dismissed", "resolution": "经核实，事迹属实。"})
    objection.refresh_from_db()
    assert (objection.status, objection.resolution) == (Objection.Status.DISMISSED,
                                                        "经核实，事迹属实。")


def test_a_certificate_is_revoked_with_a_reason(console):
    built = final_contest(winners=1)
    certificate = Certificate.objects.get(contest=built.contest)
    html = page(console.get(reverse("console:publication", args=[built.contest.pk])))
    assert certificate.number in html
    console.post(reverse("console:revoke", args=[certificate.number]),
                 {"reason": "异议成立，撤销奖项"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_plots_are_server_svg_with_kendalls_w_in_words(console):
    contest, _stage, _entries, _judges = judged_contest(entries=5, judges=3,
                                                        state=Contest.State.RESULTS_READY)
    html = page(console.get(reverse("console:plots", args=[contest.pk])))
    assert html.count('<figure class="card plot"><svg') == 3
    assert '<p class="verdict ok" id="kendalls-w">W = 1.00</p>' in html
    assert "strong agreement" in html
    work = html.split('<section class="work">')[1].split("</main>")[0]
    assert "<script" not in work  # drawn on the server: no charting script


def test_plots_before_any_scorecard(console):
    contest, *_rest = judged_contest(entries=2, submit=False)
    html = page(console.get(reverse("console:plots", args=[contest.pk])))
    assert "nothing to plot" in html


def test_plots_are_drawn_once_for_the_same_scores(console, monkeypatch):
    from frontend.console import charts
    from judging.models import Score

    drawn = []
    draw = charts._svg
    monkeypatch.setattr(charts, "_svg", lambda *args: drawn.append(1) or draw(*args))
    contest, _stage, _entries, _judges = judged_contest(entries=4, judges=3,
                                                        state=Contest.State.RESULTS_READY)
    url = reverse("console:plots", args=[contest.pk])
    figures = [f.split("</figure>")[0] for f in page(console.get(url)).split("<figure")[1:]]
    assert len(drawn) == 3
    again = [f.split("</figure>")[0] for f in page(console.get(url)).split("<figure")[1:]]
    assert again == figures  # the same figures, from the cache
    assert len(drawn) == 3
    score = Score.objects.order_by("pk").first()
    Score.objects.filter(pk=score.pk).update(value=score.value - 1)
    assert page(console.get(url)).count('<figure class="card plot"><svg') == 3
    assert len(drawn) > 3  # a changed score draws anew
