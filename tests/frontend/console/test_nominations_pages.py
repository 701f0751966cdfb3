"""推荐 pages: a round set up from the form, the board per post with a column for each
status, reviews with reasons, a tie at the quota decided, the notice opened, objections
resolved, the export."""

import pytest
from django.urls import reverse

from nominations.models import Nomination, NominationRound
from publicity.models import Notice
from publicity.services.objections import file_objection
from tests.factories.nominations import NominationFactory, RoundFactory, approved
from tests.factories.publicity import final_contest

from .conftest import messages_of, page

pytestmark = pytest.mark.api


def test_a_round_is_set_up_from_the_form_with_errors_next_to_their_post(console):
    contest = final_contest(winners=1).contest
    url = reverse("console:nomination-round-new")
    form = {"title": "2027年两代表一委员推荐", "term": "2027年换届",
            "reference_date": "2027-01-01", "notice_days": "5",
            "quotas.cppcc": "2", "rules.cppcc.min_age": "18",
            "rules.cppcc.min_non_party_share": "1.5",
            "sources[0].contest": str(contest.pk), "sources[0].weight": "1"}
    response = console.post(url, form)
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 1." in page(response)
    assert not NominationRound.objects.exists()
    form["rules.cppcc.min_non_party_share"] = "0.6"
    form["rules.cppcc.political_status"] = ["masses", "democratic_party"]
    response = console.post(url, form)
    round_ = NominationRound.objects.get()
    assert response["Location"] == reverse("console:nomination-round", args=[round_.pk])
    rule = round_.post_rules.get()
    assert (rule.post, rule.quota, rule.min_age) == ("cppcc", 2, 18)
    assert sorted(rule.political_status) == ["democratic_party", "masses"]
    assert list(round_.sources.values_list("contest_id", flat=True)) == [contest.pk]


def test_the_board_has_a_column_per_status_and_reviews_move_cards(console):
    round_ = RoundFactory(quotas={"peoples_congress": 3})
    nomination = NominationFactory(round=round_, post="peoples_congress")
    url = reverse("console:nomination-round", args=[round_.pk])
    html = page(console.get(url, {"post": "peoples_congress"}))
    for label in ("Proposed", "Eligible", "Union approved", "Committee approved", "Reserve"):
        assert f'aria-label="{label}"' in html
    assert "Union review…" in html and "Committee review…" not in html

    review = reverse("console:nomination-review", args=[round_.pk, nomination.pk])
    response = console.post(review, {"stage": "union", "decision": "reject", "reason": ""},
                            follow=True)
    assert messages_of(response)[-1] == "Give a reason."
    console.post(review, {"stage": "union", "decision": "approve", "reason": "事迹突出"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.UNION_APPROVED
    assert "Committee review…" in page(console.get(url, {"post": "peoples_congress"}))


def test_a_tie_at_the_quota_is_decided_then_the_notice_opens(console):
    round_ = RoundFactory(quotas={"cppcc": 1})
    first = approved(round_, "cppcc", "90.00", best_rank=1, political_status="masses")
    approved(round_, "cppcc", "90.00", best_rank=1, political_status="masses")
    url = reverse("console:nomination-round", args=[round_.pk])
    move = reverse("console:nomination-round-move", args=[round_.pk, "open_notice"])
    response = console.post(move, {"post": "cppcc"}, follow=True)
    assert "a tie straddles the quota" in messages_of(response)[-1]
    assert "A decision is needed before the notice" in page(console.get(url, {"post": "cppcc"}))

    console.post(reverse("console:nomination-round-decide", args=[round_.pk]),
                 {"post": "cppcc", "nominations": [first.pk], "reason": "基层一线优先"})
    console.post(move, {"post": "cppcc"})
    round_.refresh_from_db()
    assert round_.state == NominationRound.State.IN_NOTICE
    first.refresh_from_db()
    assert first.status == Nomination.Status.IN_NOTICE

    notice = Notice.objects.get(nomination_round=round_)
    objection = file_objection(notice_id=notice.pk, name="王芳", contact="13900002222",
                               text="该推荐人选的获奖情况与事实不符，请核实。")
    console.post(reverse("console:nomination-round-resolve", args=[round_.pk, objection.pk]),
                 {"post": "cppcc", "decision": "dismissed", "resolution": "经核实属实。"})
    objection.refresh_from_db()
    assert objection.status == "dismissed"
    html = page(console.get(url, {"post": "cppcc"}))
    assert f"/api/nomination-rounds/{round_.pk}/export.xlsx" in html
