"""The judge's pages in the real browser (system Chromium): scoring with autosave, a lost
connection, a 409 on reconnect, and a blind contest's whole DOM."""

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from core.masking import mask_phone
from judging.models import Scorecard
from judging.services.scorecards import save_scorecard
from tests.factories.accounts import EnterpriseFactory
from tests.factories.contests import AttachmentFactory

from ..browser import check_page
from .conftest import make_judging
from .test_evidence import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def shots(tmp_path):
    """Screenshots go to $SCREENSHOT_DIR when set (to look at them), else a temp dir."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_as(browser, live_server, user, viewport=TABLET, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", **options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return context, page


def saved(page):
    page.wait_for_selector("#save-state[data-state=saved]")


def scores(assignment):
    card = Scorecard.objects.get(assignment=assignment)
    return card, {s.criterion_id: s.value for s in card.scores.all()}


def one_card_on_a_phone(browser, live_server, settings):
    """A judge with one assignment, its scoring page open on a phone (Chinese)."""
    settings.LANGUAGE_CODE = "zh-hans"
    judging = make_judging(1)
    context, page = open_as(browser, live_server, judging.judge, viewport=PHONE,
                            is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/judge/assignments/{judging.assignments[0].pk}/")
    return judging, context, page


def submit(page):
    page.get_by_role("button", name="检查并提交").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    page.get_by_role("button", name="提交评分表").click()
    page.wait_for_url(re.compile(r"/judge/$"))


def test_scores_typed_before_the_pages_script_has_run_are_saved(browser, live_server,
                                                               settings):
    """On a slow connection the form shows before its script has loaded: what the judge
    types meanwhile is saved once the script runs, without another keystroke."""
    settings.LANGUAGE_CODE = "zh-hans"
    judging = make_judging(1)
    (assignment,) = judging.assignments
    safety, service = judging.criteria
    context, page = open_as(browser, live_server, judging.judge)
    held = []  # the scoring script's request, held back until the scores are typed
    page.route(re.compile(r"/judge/scoring[^/]*\.js"), lambda route: held.append(route))

    with page.expect_request(re.compile(r"/judge/scoring[^/]*\.js")):
        page.goto(f"{live_server.url}/judge/assignments/{assignment.pk}/", wait_until="commit")
    page.fill(f"#score-{safety.pk}", "9")
    page.fill(f"#score-{service.pk}", "14.5")
    assert not Scorecard.objects.filter(assignment=assignment).exists()
    held[0].continue_()

    saved(page)
    assert scores(assignment)[1] == {safety.pk: Decimal("9.00"), service.pk: Decimal("14.50")}
    assert page.problems == []
    context.close()


def test_a_judge_scores_three_entries_one_offline_and_submits(browser, live_server, settings,
                                                              shots):
    settings.LANGUAGE_CODE = "zh-hans"
    judging = make_judging(3)
    first, second, third = judging.assignments
    safety, service = judging.criteria
    context, page = open_as(browser, live_server, judging.judge)

    page.goto(f"{live_server.url}/judge/")
    assert "已提交 0 / 3" in page.inner_text(".progress-line")
    page.screenshot(path=str(shots / "judge-list-1024.png"), full_page=True)

    # 1. Online: every change is saved by itself.
    page.click(f"a[href='/judge/assignments/{first.pk}/']")
    page.fill(f"#score-{safety.pk}", "8.5")
    page.fill(f"#score-{service.pk}", "15")
    saved(page)
    assert page.inner_text("output.total") == "8.10"
    assert re.fullmatch(r"已保存 \d\d:\d\d", page.inner_text("#save-state"))
    assert scores(first)[1] == {safety.pk: Decimal("8.50"), service.pk: Decimal("15.00")}
    page.screenshot(path=str(shots / "judge-scoring-1024.png"), full_page=True)
    submit(page)
    assert "已提交 1 / 3" in page.inner_text(".progress-line")

    # 2. Offline: kept on the device, marked not saved, sent on reconnect.
    page.goto(f"{live_server.url}/judge/assignments/{second.pk}/")
    context.set_offline(True)
    page.fill(f"#score-{safety.pk}", "7")
    page.fill(f"#score-{service.pk}", "12.25")
    page.fill("#id_comment", "雨天坚持送达")
    page.wait_for_selector("#save-state[data-state=offline]")
    assert "尚未保存" in page.inner_text("#save-state")
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('judge-scorecard'))")
    assert len(kept) == 1
    assert not Scorecard.objects.filter(assignment=second).exists()
    page.screenshot(path=str(shots / "judge-offline-1024.png"), full_page=True)
    context.set_offline(False)
    saved(page)
    card, values = scores(second)
    assert values == {safety.pk: Decimal("7.00"), service.pk: Decimal("12.25")}
    assert card.comment == "雨天坚持送达" and card.version == 1
    assert page.evaluate("localStorage.length") == 0
    submit(page)

    # 3. Keyboard: Tab moves through the criteria, Enter saves.
    page.goto(f"{live_server.url}/judge/assignments/{third.pk}/")
    page.focus(f"#score-{safety.pk}")
    page.keyboard.type("9")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"score-{service.pk}"
    page.keyboard.type("20")
    page.keyboard.press("Enter")
    saved(page)
    assert scores(third)[1] == {safety.pk: Decimal("9.00"), service.pk: Decimal("20.00")}
    page.get_by_role("button", name="检查并提交").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    assert "9.40" in page.inner_text("tfoot")
    page.screenshot(path=str(shots / "judge-confirm-1024.png"), full_page=True)
    page.get_by_role("button", name="提交评分表").click()
    page.wait_for_url(re.compile(r"/judge/$"))
    assert "已提交 3 / 3" in page.inner_text(".progress-line")
    assert all(s.state == "submitted" for s in Scorecard.objects.all())

    page.goto(f"{live_server.url}/judge/assignments/{third.pk}/")
    assert page.locator("#scorecard").count() == 0
    assert page.inner_text("#save-state") == "已提交"
    assert page.problems == []
    context.close()


def test_a_409_on_reconnect_shows_both_versions(browser, live_server, settings, shots):
    judging, context, page = one_card_on_a_phone(browser, live_server, settings)
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    page.fill(f"#score-{safety.pk}", "6")
    saved(page)

    context.set_offline(True)
    page.fill(f"#score-{safety.pk}", "9.5")
    page.fill(f"#score-{service.pk}", "18")
    page.wait_for_selector("#save-state[data-state=offline]")
    # Meanwhile the same judge saves from another device.
    save_scorecard(assignment_id=assignment.pk, judge=judging.judge,
                   scores={str(safety.pk): "5", str(service.pk): "10"}, comment="另一台设备")
    context.set_offline(False)

    conflict = page.locator("#conflict")
    conflict.wait_for(state="visible")
    rows = conflict.locator("tbody tr")
    assert rows.nth(0).inner_text().split("\t") == ["安全意识", "5.00", "9.5"]
    assert rows.nth(1).inner_text().split("\t") == ["服务事迹", "10.00", "18"]
    assert "另一台设备" in rows.nth(2).inner_text()
    assert page.get_attribute("#save-state", "data-state") == "conflict"
    assert scores(assignment)[1] == {safety.pk: Decimal("5.00"), service.pk: Decimal("10.00")}
    conflict.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "judge-conflict-375.png"))

    page.get_by_role("button", name="保留我的版本").click()
    saved(page)
    assert conflict.is_hidden()
    assert scores(assignment)[1] == {safety.pk: Decimal("9.50"), service.pk: Decimal("18.00")}
    page.screenshot(path=str(shots / "judge-scoring-375.png"), full_page=False)
    # The browser logs the expected 409 itself; nothing else went wrong.
    assert page.problems == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"]
    context.close()


def test_a_blind_contests_dom_holds_no_identity(browser, live_server, settings, shots):
    settings.LANGUAGE_CODE = "zh-hans"
    enterprise = EnterpriseFactory(name="顺达即时配送有限公司")
    judging = make_judging(2, blind=True, worker_kwargs={
        "real_name": "李秀英", "phone": "13912345678", "enterprise": enterprise})
    assignment = judging.assignments[0]
    worker = assignment.entry.worker
    id_number = worker.worker_profile.decrypted_id_number()
    assignment.entry.statement = (
        f"李秀英是顺达即时配送有限公司的骑手，电话13912345678，身份证{id_number}。"
        "她在暴雨中坚持送达。")
    assignment.entry.save()
    AttachmentFactory(entry=assignment.entry, file=ContentFile(pdf_bytes(1), name="e"),
                      content_type="application/pdf", original_name="李秀英-荣誉证书.pdf")
    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "blue").save(photo, format="PNG")
    AttachmentFactory(entry=assignment.entry, file=ContentFile(photo.getvalue(), name="p"),
                      content_type="image/png", original_name="顺达李秀英.png")
    # Every worker of the list, and this one's phone (also masked), ID number, employer.
    identity = [*(a.entry.worker.real_name for a in judging.assignments), worker.phone,
                mask_phone(worker.phone), id_number, enterprise.name]

    for viewport, suffix in ((TABLET, "1024"), (PHONE, "375")):
        context, page = open_as(browser, live_server, judging.judge, viewport=viewport)
        page.goto(f"{live_server.url}/judge/")
        dom = page.content()
        assert assignment.entry.code in dom
        assert [v for v in identity if v in dom] == []
        page.screenshot(path=str(shots / f"judge-blind-list-{suffix}.png"), full_page=True)

        page.goto(f"{live_server.url}/judge/assignments/{assignment.pk}/")
        page.wait_for_selector("img.evidence-page")
        for image in page.locator("img").all():
            image.scroll_into_view_if_needed()
            image.evaluate("i => i.decode()")  # loaded and shown (a broken one rejects)
        dom = page.content()
        assert "■■" in page.inner_text(".statement")
        assert [v for v in identity if v in dom] == []
        assert [v for v in identity if v in page.inner_text(".evidence")] == []
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shots / f"judge-blind-scoring-{suffix}.png"))
        page.locator("#rubric-title").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"judge-blind-rubric-{suffix}.png"))
        assert page.problems == []
        context.close()


def test_edits_kept_offline_for_a_card_submitted_meanwhile_are_shown_not_sent(
        browser, live_server, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    judging = make_judging(1)
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    context, page = open_as(browser, live_server, judging.judge)
    page.goto(f"{live_server.url}/judge/assignments/{assignment.pk}/")
    context.set_offline(True)
    page.fill(f"#score-{safety.pk}", "9")
    page.wait_for_selector("#save-state[data-state=offline]")
    save_scorecard(assignment_id=assignment.pk, judge=judging.judge, submit=True,
                   scores={str(safety.pk): "4", str(service.pk): "8"})
    context.set_offline(False)

    conflict = page.locator("#conflict")
    conflict.wait_for(state="visible")
    assert "已被提交" in conflict.locator("[data-explain]").inner_text()
    assert conflict.locator("[data-stored-state]").inner_text() == "已提交"
    assert conflict.get_by_role("button", name="保留我的版本").is_hidden()
    assert conflict.locator("tbody tr").nth(0).inner_text().split("\t") == [
        "安全意识", "4.00", "9"]

    conflict.get_by_role("link", name="使用服务器上的版本").click()
    page.wait_for_selector(".readonly-scores")
    assert page.evaluate("localStorage.length") == 0
    card, values = scores(assignment)
    assert card.state == "submitted" and values[safety.pk] == Decimal("4.00")
    assert page.problems == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"]
    context.close()


def test_a_judge_clears_a_score_typed_by_mistake(browser, live_server, settings, shots):
    judging, context, page = one_card_on_a_phone(browser, live_server, settings)
    assignment = judging.assignments[0]
    safety, service = judging.criteria
    clear_safety = page.get_by_role("button", name="清除分数：安全意识")
    assert clear_safety.is_hidden()  # nothing to clear yet
    page.fill(f"#score-{safety.pk}", "8")
    page.fill(f"#score-{service.pk}", "15")
    saved(page)
    assert scores(assignment)[1] == {safety.pk: Decimal("8.00"), service.pk: Decimal("15.00")}
    page.locator(f"#score-{service.pk}").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "judge-clear-375.png"))
    check_page(page)  # no sideways scroll at 375 px, no serious axe violation

    # The button: the field empties, the saved score goes, the total follows.
    clear_safety.click()
    saved(page)
    _card, values = scores(assignment)
    assert values == {service.pk: Decimal("15.00")}
    assert page.input_value(f"#score-{safety.pk}") == ""
    assert page.inner_text("output.total") == "3.00"
    assert clear_safety.is_hidden()
    assert page.evaluate("document.activeElement.id") == f"score-{safety.pk}"

    # Emptying a field by hand does the same; the page after a reload agrees.
    page.fill(f"#score-{service.pk}", "")
    saved(page)
    assert scores(assignment)[1] == {}
    page.reload()
    assert page.input_value(f"#score-{service.pk}") == ""
    assert page.inner_text("output.total") == "0.00"
    assert page.evaluate("localStorage.length") == 0
    assert page.problems == []
    context.close()
