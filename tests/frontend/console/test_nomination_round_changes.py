"""推荐 pages after set-up: edit a round while it is open (the API's PATCH service), and
after an upheld objection promote the next reserve and restart the notice."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from nominations.models import Nomination, NominationRound
from nominations.transitions import transition_round
from publicity.models import Notice
from publicity.services.objections import file_objection, resolve_objection
from tests.factories.accounts import JudgeFactory
from tests.factories.contests import ContestFactory
from tests.factories.nominations import RoundFactory, add_source, approved

from .conftest import messages_of, page

pytestmark = pytest.mark.api


def edit_url(round_):
    return reverse("console:nomination-round-edit", args=[round_.pk])


def test_the_edit_form_opens_with_the_round_as_it_is(console):
    round_ = RoundFactory(quotas={"cppcc": 2}, rules={"cppcc": {
        "min_age": 18, "union_member": True, "political_status": ["masses"]}})
    contest = ContestFactory(state="final", title="2026年快递员技能大赛")
    add_source(round_, contest, weight="1.5", posts=["cppcc"])
    html = page(console.get(edit_url(round_)))
    assert f'value="{round_.title}"' in html
    assert 'name="quotas.cppcc" inputmode="numeric" value="2"' in html
    assert 'name="rules.cppcc.min_age" inputmode="numeric" value="18"' in html
    assert 'name="rules.cppcc.union_member" checked' in html
    assert 'name="rules.cppcc.political_status" value="masses" checked' in html
    assert f'<option value="{contest.pk}" selected>2026年快递员技能大赛</option>' in html
    assert 'name="sources[0].weight" inputmode="decimal" value="1.5"' in html
    assert 'name="sources[0].posts" value="cppcc" checked' in html
    assert 'name="quotas.party_congress" inputmode="numeric" value=""' in html
    board = page(console.get(reverse("console:nomination-round", args=[round_.pk])))
    assert f'href="{edit_url(round_)}"' in board


def test_a_round_is_changed_through_the_same_service_as_the_api(console):
    round_ = RoundFactory(quotas={"cppcc": 2})
    contest = ContestFactory(state="final")
    form = {"title": "2027年推荐（修订）", "term": "2027年换届", "reference_date": "2027-03-01",
            "notice_days": "7", "quotas.cppcc": "3", "quotas.peoples_congress": "1",
            "rules.peoples_congress.max_age": "60",
            "sources[0].contest": str(contest.pk), "sources[0].weight": "2",
            "sources[0].posts": ["peoples_congress"]}
    response = console.post(edit_url(round_), form, follow=True)
    assert response.redirect_chain[-1][0] == reverse("console:nomination-round",
                                                     args=[round_.pk])
    assert messages_of(response) == ["The round is saved."]
    round_.refresh_from_db()
    assert (round_.title, str(round_.reference_date), round_.notice_days) == (
        "2027年推荐（修订）", "2027-03-01", 7)
    assert dict(round_.post_rules.values_list("post", "quota")) == {
        "cppcc": 3, "peoples_congress": 1}
    assert round_.post_rules.get(post="peoples_congress").max_age == 60
    source = round_.sources.get()
    assert (source.contest_id, source.weight, source.posts) == (contest.pk, 2,
                                                                ["peoples_congress"])
    event = AuditEvent.objects.get(action="nomination_round.updated")
    assert event.actor_id == response.wsgi_request.user.pk


def test_edit_errors_name_their_field_and_nothing_changes(console):
    round_ = RoundFactory(quotas={"cppcc": 2})
    response = console.post(edit_url(round_), {
        "title": "", "term": "2027年换届", "reference_date": "2027-13-01",
        "quotas.cppcc": "2", "rules.cppcc.min_age": "70", "rules.cppcc.max_age": "60",
        "sources[0].contest": "999999", "sources[0].weight": "1"})
    assert response.status_code == 400
    html = page(response)
    assert '<a href="#f-title">Title: This field is required.</a>' in html
    assert 'aria-describedby="f-title-error"' in html
    assert "Reference date: Date has wrong format." in html
    round_.refresh_from_db()
    assert round_.title.startswith("2027年两代表一委员推荐")
    # The types pass; the service's own rules are named too.
    response = console.post(edit_url(round_), {
        "title": "修订", "term": "2027年换届", "reference_date": "2027-01-01",
        "quotas.cppcc": "2", "rules.cppcc.min_age": "70", "rules.cppcc.max_age": "60",
        "sources[0].contest": "999999", "sources[0].weight": "1"})
    assert response.status_code == 400
    html = page(response)
    assert "Eligibility rules: cppcc: the minimum age is above the maximum." in html
    assert "Source contests: No contest with id 999999." in html
    assert 'value="70"' in html  # what was typed stays
    assert not AuditEvent.objects.filter(action="nomination_round.updated").exists()


def test_a_round_past_open_is_not_edited(console):
    round_ = RoundFactory(quotas={"cppcc": 1})
    NominationRound.objects.filter(pk=round_.pk).update(state=NominationRound.State.CANCELLED)
    response = console.get(edit_url(round_), follow=True)
    assert messages_of(response) == ["A round can be changed only while it is open."]
    assert f'href="{edit_url(round_)}"' not in page(response)
    posted = console.post(edit_url(round_), {"title": "x"}, follow=True)
    assert messages_of(posted) == ["A round can be changed only while it is open."]


def test_only_organizers_edit_or_promote(client, db):
    round_ = RoundFactory(quotas={"cppcc": 1})
    reserve = approved(round_, "cppcc", "80.00")
    client.force_login(JudgeFactory())
    assert client.get(edit_url(round_)).status_code == 403
    promote = reverse("console:nomination-promote", args=[round_.pk, reserve.pk])
    assert client.post(promote).status_code == 403
    restart = reverse("console:nomination-round-restart", args=[round_.pk])
    assert client.post(restart).status_code == 403


@pytest.fixture
def upheld(console, organizer):
    """A round in notice whose second nominee an upheld objection has rejected."""
    round_ = RoundFactory(quotas={"cppcc": 2}, created_by=organizer)
    first = approved(round_, "cppcc", "95.00", best_rank=1)
    second = approved(round_, "cppcc", "90.00", best_rank=2)
    reserve = approved(round_, "cppcc", "85.00", best_rank=3)
    later = approved(round_, "cppcc", "80.00", best_rank=4)
    transition_round(round_=round_, action="open_notice", actor=organizer)
    notice = Notice.objects.get(nomination_round=round_)
    objection = file_objection(notice_id=notice.pk, name="李明", contact="13900001111",
                               text="该人选存在交通违法记录，与事迹材料不符。", line=second.pk)
    resolve_objection(objection_id=objection.pk, actor=organizer, decision="upheld",
                      resolution="经核实，异议成立。")
    return round_, first, second, reserve, later


def test_the_best_reserve_is_promoted_with_a_confirmation_then_the_notice_restarts(
        console, upheld):
    round_, _first, _second, reserve, later = upheld
    board = reverse("console:nomination-round", args=[round_.pk]) + "?post=cppcc"
    html = page(console.get(board))
    assert "Promote onto the list…" in html
    assert f"Confirm: promote {reserve.worker.real_name}" in html
    assert "Restart the notice…" in html
    assert "Edit the round" not in html

    refused = console.post(reverse("console:nomination-promote", args=[round_.pk, later.pk]),
                           follow=True)
    assert messages_of(refused) == ["Promote the best-ranked reserve first."]
    response = console.post(reverse("console:nomination-promote",
                                    args=[round_.pk, reserve.pk]), follow=True)
    assert response.redirect_chain[-1][0] == board
    assert messages_of(response) == [
        f"{reserve.worker.real_name} is promoted onto the list. Restart the notice so that "
        "the public sees the new list."]
    reserve.refresh_from_db()
    assert reserve.status == Nomination.Status.IN_NOTICE
    assert AuditEvent.objects.filter(action="nomination.promote").count() == 1
    full = console.post(reverse("console:nomination-promote", args=[round_.pk, later.pk]),
                        follow=True)
    assert messages_of(full) == ["The post's list is full."]

    restarted = console.post(reverse("console:nomination-round-restart", args=[round_.pk]),
                             {"post": "cppcc", "reason": "递补后重新公示"}, follow=True)
    assert messages_of(restarted) == ["The notice is restarted with the current list."]
    assert dict(Notice.objects.filter(nomination_round=round_)
                .values_list("round", "status")) == {1: "superseded", 2: "open"}


def test_a_restart_without_an_upheld_objection_is_explained(console, organizer):
    round_ = RoundFactory(quotas={"cppcc": 1}, created_by=organizer)
    approved(round_, "cppcc", "95.00", best_rank=1)
    transition_round(round_=round_, action="open_notice", actor=organizer)
    response = console.post(reverse("console:nomination-round-restart", args=[round_.pk]),
                            {"post": "cppcc"}, follow=True)
    assert len(messages_of(response)) == 1
    assert Notice.objects.filter(nomination_round=round_).count() == 1


def test_a_nomination_of_another_round_is_not_found(console, upheld):
    _round, first, *_rest = upheld
    other = RoundFactory(quotas={"cppcc": 1})
    assert console.post(reverse("console:nomination-promote",
                                args=[other.pk, first.pk])).status_code == 404
