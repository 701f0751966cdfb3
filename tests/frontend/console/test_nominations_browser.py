"""推荐 in the real browser (1366 px): edit a round with one error corrected on the way,
then, after an upheld objection, promote the next reserve and restart the notice. Each
page passes the layout and axe-core checks."""

import pytest

from nominations.models import Nomination, NominationRound
from nominations.transitions import transition_round
from publicity.models import Notice
from publicity.services.objections import file_objection, resolve_objection
from tests.factories.accounts import OrganizerFactory
from tests.factories.nominations import RoundFactory, approved

from ..browser import check_page, log_in, open_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESK = {"width": 1366, "height": 900}


@pytest.fixture
def organizer_page(browser, live_server):
    organizer = OrganizerFactory()
    context, watch = open_context(browser, live_server, viewport=DESK, locale="en-GB")
    log_in(context, live_server, organizer)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield organizer, page
    watch.assert_clean()
    context.close()


def test_an_organizer_edits_a_round_then_promotes_a_reserve(organizer_page, live_server):
    organizer, page = organizer_page
    round_ = RoundFactory(quotas={"cppcc": 2}, created_by=organizer)
    page.goto(f"{live_server.url}/console/nominations/{round_.pk}/?post=cppcc")
    page.get_by_role("link", name="Edit the round").click()
    assert page.input_value("#f-quotas-cppcc") == "2"

    page.fill("#f-title", "")
    page.fill("#f-quotas-cppcc", "3")
    page.get_by_role("button", name="Save the round").click()
    summary = page.locator(".error-summary")
    assert "Title: This field is required." in summary.inner_text()
    assert page.get_attribute("#f-title", "aria-invalid") == "true"
    assert page.input_value("#f-quotas-cppcc") == "3"  # what was typed stays
    check_page(page, "console-nomination-round-edit-error")
    page.fill("#f-title", "2027年两代表一委员推荐（修订）")
    page.get_by_role("button", name="Save the round").click()
    assert "The round is saved." in page.inner_text(".messages")
    round_.refresh_from_db()
    assert round_.title == "2027年两代表一委员推荐（修订）"
    assert round_.post_rules.get().quota == 3

    # In notice: the second nominee's objection is upheld; the best reserve moves up.
    first = approved(round_, "cppcc", "95.00", best_rank=1)
    second = approved(round_, "cppcc", "90.00", best_rank=2)
    third = approved(round_, "cppcc", "88.00", best_rank=3)
    reserve = approved(round_, "cppcc", "85.00", best_rank=4)
    transition_round(round_=round_, action="open_notice", actor=organizer)
    notice = Notice.objects.get(nomination_round=round_)
    objection = file_objection(notice_id=notice.pk, name="李明", contact="13900001111",
                               text="该人选存在交通违法记录。", line=second.pk)
    resolve_objection(objection_id=objection.pk, actor=organizer, decision="upheld",
                      resolution="经核实，异议成立。")
    page.goto(f"{live_server.url}/console/nominations/{round_.pk}/?post=cppcc")
    card = page.locator(f"#nomination-{reserve.pk}")
    card.get_by_text("Promote onto the list…").click()
    check_page(page, "console-nomination-promote")
    card.get_by_role("button", name=f"Confirm: promote {reserve.worker.real_name}").click()
    assert "is promoted onto the list" in page.inner_text(".messages")
    reserve.refresh_from_db()
    assert reserve.status == Nomination.Status.IN_NOTICE

    page.get_by_text("Restart the notice…").click()
    page.fill("#restart-reason", "递补后重新公示")
    page.get_by_role("button", name="Confirm: restart the notice").click()
    assert "The notice is restarted with the current list." in page.inner_text(".messages")
    assert Notice.objects.get(nomination_round=round_, round=2).status == "open"
    assert {first.pk, third.pk, reserve.pk} == set(Nomination.objects.filter(
        round=round_, status=Nomination.Status.IN_NOTICE).values_list("pk", flat=True))
    assert NominationRound.objects.get(pk=round_.pk).state == "in_notice"
    check_page(page, "console-nomination-board-restarted")
