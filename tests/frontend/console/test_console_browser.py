"""The organizer's main path in the real browser (system Chromium, 1366 px wide): set a
contest up from the form (correcting one error on the way), open registration, qualify
the entries, build a panel and auto-assign, watch progress while judges submit, decide a
tie, publish, resolve an objection, finalize once the notice has ended, download the
export. Judges and the public act through the same services their pages call."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contests.models import Contest, Entry
from judging.models import Assignment
from judging.services.scorecards import save_scorecard
from publicity.models import Certificate, Notice
from publicity.services.objections import file_objection
from tests.factories.accounts import JudgeFactory, WorkerFactory
from tests.factories.contests import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_contest_form(page):
    later = timezone.localtime() + timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M"
    page.fill("#f-title", "2027年快递员技能竞赛")
    page.select_option("#f-kind", "skills")
    page.fill("#f-year", str(later.year))
    page.check("#f-industries-express")
    page.fill("#f-registration-opens", (later - timedelta(days=2)).strftime(fmt))
    page.fill("#f-registration-closes", (later + timedelta(days=10)).strftime(fmt))
    page.fill("#f-judging-closes", (later + timedelta(days=30)).strftime(fmt))
    page.fill("#f-tracks-0-name", "包裹分拣")
    page.fill("#f-stages-0-name", "决赛")
    page.select_option("#f-stages-0-aggregation", "mean")
    page.fill("#f-stages-0-panel-size", "2")
    page.fill("#f-stages-0-criteria-0-name", "实操")
    page.fill("#f-stages-0-criteria-0-max-score", "100")
    page.fill("#f-tiers-0-name", "一等奖")
    page.fill("#f-tiers-0-quota", "1")


def _move(page, label, reason=""):
    page.get_by_role("link", name=label, exact=True).first.click()
    if reason:
        page.fill("#reason", reason)
    page.get_by_role("button", name=f"Confirm: {label}").click()


def test_the_organizers_main_path(desk, live_server, tmp_path):
    page, url = desk, live_server.url
    # 1. Set-up: one mistake, corrected.
    page.goto(f"{url}/console/contests/new/")
    _fill_contest_form(page)
    page.get_by_role("button", name="Add a criterion").click()  # HTMX redraws the form
    page.wait_for_selector("#f-stages-0-criteria-1-name")
    assert page.input_value("#f-title") == "2027年快递员技能竞赛"  # kept while redrawn
    page.fill("#f-stages-0-criteria-1-name", "规范")
    page.fill("#f-stages-0-criteria-1-max-score", "1000000")
    page.click("#save-contest")
    error = page.locator("#f-stages-0-criteria-1-max-score-error")
    assert "at most 99999.99" in error.inner_text()
    assert page.get_attribute("#f-stages-0-criteria-1-max-score", "aria-invalid") == "true"
    page.fill("#f-stages-0-criteria-1-max-score", "50")
    page.click("#save-contest")
    page.wait_for_url("**/console/contests/*/")
    contest = Contest.objects.get(title="2027年快递员技能竞赛")
    page.screenshot(path=str(tmp_path / "1-contest.png"), full_page=True)

    # 2. Registration, entries, the eligibility review.
    _move(page, "Open registration")
    for _i in range(3):
        EntryFactory(contest=contest, track=contest.tracks.get(),
                     status=Entry.Status.SUBMITTED,
                     worker=WorkerFactory(profile__industry="express"))
    _move(page, "Close registration")
    _move(page, "Start judging")
    assert "3 submitted entries still await the qualification review." in page.inner_text(
        ".messages")
    page.get_by_role("link", name="Entries", exact=True).click()
    for box in page.locator("input[name=entries]").all():
        box.check()
    page.get_by_role("button", name="Qualify the selected entries").click()
    assert "3 entries qualified." in page.inner_text(".messages")
    page.screenshot(path=str(tmp_path / "2-entries.png"), full_page=True)

    # 3. Panel and auto-assignment.
    judges = [JudgeFactory(real_name=f"评委{i}") for i in range(3)]
    page.get_by_role("link", name="Overview", exact=True).click()
    _move(page, "Start judging")
    page.get_by_role("link", name="Judging", exact=True).nth(1).click()
    for judge in judges:
        page.check(f"#judge-{judge.pk}")
    page.get_by_role("button", name="Save the panel").click()
    page.get_by_role("button", name="Assign judges automatically").click()
    assert "6 assignments made" in page.inner_text(".messages")
    assert page.inner_text("#progress-total") == "0 / 6"

    # 4. Progress while the judges submit; the first two entries tie.
    criteria = list(contest.stages.get().criteria.order_by("position"))
    entries = list(contest.entries.order_by("id"))
    marks = {entries[0].pk: "80", entries[1].pk: "80", entries[2].pk: "60"}
    for number, assignment in enumerate(Assignment.objects.order_by("id")):
        save_scorecard(assignment_id=assignment.pk, judge=assignment.judge, submit=True,
                       scores={str(criteria[0].pk): marks[assignment.entry_id],
                               str(criteria[1].pk): "40"})
        if number == 2:
            page.reload()
            assert page.inner_text("#progress-total") == "3 / 6"
    page.reload()
    assert page.inner_text("#progress-total") == "6 / 6"
    page.screenshot(path=str(tmp_path / "3-judging.png"), full_page=True)

    # 5. Results: a tie at the 一等奖 boundary, decided with the form.
    page.get_by_role("link", name="Overview", exact=True).click()
    _move(page, "Close judging")
    page.get_by_role("link", name="Results", exact=True).nth(1).click()
    assert "A tie at a quota boundary needs a decision" in page.inner_text("#publish-blocked")
    page.check(f"input[name=entries][value='{entries[0].pk}']")
    page.select_option("#tie-tier", label="一等奖")
    page.fill("#tie-reason", "实操用时更短")
    page.get_by_role("button", name="Record the decision").click()
    assert page.locator("#publish-blocked").count() == 0
    page.screenshot(path=str(tmp_path / "4-results.png"), full_page=True)

    # 6. Publish; an objection comes in and is resolved.
    _move(page, "Publish results")
    contest.refresh_from_db()
    assert contest.state == Contest.State.IN_NOTICE
    notice = Notice.objects.get(contest=contest, status=Notice.Status.OPEN)
    file_objection(notice_id=notice.pk, name="李明", contact="13900001111",
                   text="一等奖获得者的实操成绩有误，请核实。")
    page.get_by_role("link", name="Notice and certificates").click()
    page.select_option("select[name=decision]", "dismissed")
    page.fill("textarea[name=resolution]", "经复核，成绩无误。")
    page.get_by_role("button", name="Resolve the objection").click()
    assert "The objection is resolved." in page.inner_text(".messages")

    # 7. The notice ends (simulated) and the contest is finalized.
    Notice.objects.filter(pk=notice.pk).update(opens_at=timezone.now() - timedelta(days=9),
                                               closes_at=timezone.now() - timedelta(minutes=1))
    page.get_by_role("link", name="Overview", exact=True).click()
    _move(page, "Finalize", reason="公示期满，无异议")
    contest.refresh_from_db()
    assert contest.state == Contest.State.FINAL
    assert Certificate.objects.filter(contest=contest).count() == 1

    # 8. The export.
    page.get_by_role("link", name="Notice and certificates").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download results.xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.screenshot(path=str(tmp_path / "5-publication.png"), full_page=True)


def test_usable_from_the_keyboard_alone(desk, live_server):
    page, url = desk, live_server.url
    contest = Contest.objects.create(
        title="键盘测试", kind="skills", year=2026, industries=["express"],
        registration_opens=timezone.now() - timedelta(days=9),
        registration_closes=timezone.now() - timedelta(days=1),
        judging_closes=timezone.now() + timedelta(days=9), state="registration_closed")
    track = contest.tracks.create(name="综合")
    entry = EntryFactory(contest=contest, track=track, status=Entry.Status.SUBMITTED)
    page.goto(f"{url}/console/")
    # Tab through the side navigation to the review queue, as a keyboard user would.
    for _step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Eligibility review":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/contests/?tab=entries")
    for _step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "键盘测试":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/console/contests/{contest.pk}/entries/")
    for _step in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Qualify":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "qualified" in page.inner_text(".messages")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.QUALIFIED
