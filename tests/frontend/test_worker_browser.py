"""Workers and the public in the real browser (system Chromium), phone-sized: every page
visited is checked for sideways scroll, axe-core violations, console errors and requests
leaving the site."""

import io
import random
import re
from datetime import date

import pytest
from PIL import Image

from accounts import synthetic
from contests.models import Entry
from notifications import sms
from publicity.models import Certificate, Notice
from tests.factories.accounts import WorkerFactory
from tests.factories.contests import TrackFactory, contest_with_structure
from tests.factories.nominations import NominationFactory
from tests.factories.publicity import CertificateFactory, final_contest, published_contest

from .browser import DESKTOP, check_page, log_in, open_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_bytes(width=800, height=600) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_a_worker_signs_up_enters_uploads_with_progress_and_submits(browser, live_server):
    contest = contest_with_structure(registration_open=True, title="2026年安全骑行技能大赛")
    context, watch = open_context(browser, live_server, locale="en-US")
    page = context.new_page()

    page.goto(f"{live_server.url}/signup/")
    check_page(page, "signup")
    # Inline validation names the problem as soon as the field is left.
    good_id = synthetic.id_number(random.Random(7), birth=date(1995, 3, 8))
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    page.fill("#id_id_number", bad_id)
    page.press("#id_id_number", "Tab")
    error = page.locator("#id_id_number_error")
    error.wait_for()
    assert "check" in error.inner_text().lower()
    assert "id_id_number_error" in page.get_attribute("#id_id_number", "aria-describedby")

    page.fill("#id_real_name", "李秀英")
    page.fill("#id_id_number", good_id)
    page.fill("#id_phone", "13912340001")
    page.select_option("#id_industry", "food_delivery")
    page.fill("#id_years_in_industry", "3")
    page.check("#id_union_member_0")
    page.fill("#id_username", "lixiuying")
    page.fill("#id_password", "Anquan-qishou-2026")
    page.check("#id_consent_publication_0")
    page.get_by_role("button", name="Create my account").click()

    page.wait_for_url(f"{live_server.url}/contests/")
    row = page.locator("#open-contests li", has_text=contest.title)
    assert "You can enter" in row.inner_text()
    check_page(page, "contests")
    row.locator("a").click()
    check_page(page, "contest")
    page.get_by_role("link", name="Enter this contest").click()

    page.check("#id_track_0")
    page.fill("#id_statement", "五年安全骑行零事故，带出十二名新骑手。")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/entries/\d+/$"))
    check_page(page, "entry-draft")

    # The upload runs in the background with a progress bar: the page is not reloaded.
    page.evaluate("""() => {
        window.pageKept = true;
        window.progressSeen = [];
        const box = document.querySelector('[data-progress]');
        new MutationObserver(() => window.progressSeen.push(
            box.hidden ? 'hidden' : document.querySelector('progress').getAttribute('value')
        )).observe(box, {attributes: true, subtree: true});
    }""")
    page.set_input_files("#id_file", {"name": "现场照片.png", "mimeType": "image/png",
                                      "buffer": png_bytes()})
    page.locator("[data-preview-image]").wait_for()  # preview before sending
    page.get_by_role("button", name="Upload the file").click()
    page.locator("#evidence-files li", has_text="现场照片.png").wait_for()
    assert page.evaluate("window.pageKept") is True
    seen = page.evaluate("window.progressSeen")
    assert "100" in seen, seen
    check_page(page, "entry-uploaded")

    page.get_by_role("link", name="Submit my entry").click()
    check_page(page, "entry-submit")
    page.check("#id_confirm")
    page.get_by_role("button", name="Submit my entry").click()
    page.wait_for_url(re.compile(r"/entries/\d+/$"))
    assert page.locator("#entry-status").inner_text() == "Submitted"
    assert "eligibility review will be sent to you by SMS" in page.content()
    entry = Entry.objects.get(contest=contest)
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.attachments.count() == 1
    watch.assert_clean()
    context.close()


def test_the_entry_form_works_without_javascript(browser, live_server):
    contest = contest_with_structure(registration_open=True)
    TrackFactory(contest=contest, name="安全骑行", position=1)  # two tracks: a choice to make
    worker = WorkerFactory()
    context, watch = open_context(browser, live_server, javascript=False, locale="en-US")
    log_in(context, live_server, worker)
    page = context.new_page()

    page.goto(f"{live_server.url}/contests/{contest.pk}/enter/")
    page.get_by_role("button", name="Save and continue").click()  # no track chosen
    summary = page.locator(".error-summary")
    assert "Track: This field is required." in summary.inner_text()
    assert page.locator("#id_track_error").inner_text() == "This field is required."

    page.check("#id_track_0")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/entries/\d+/$"))
    page.set_input_files("#id_file", {"name": "notes.txt", "mimeType": "text/plain",
                                      "buffer": b"not a picture"})
    page.get_by_role("button", name="Upload the file").click()
    assert "Only JPG, PNG and PDF files are accepted" in page.locator(
        "#id_file_error").inner_text()
    page.set_input_files("#id_file", {"name": "photo.png", "mimeType": "image/png",
                                      "buffer": png_bytes(40, 40)})
    page.get_by_role("button", name="Upload the file").click()
    page.locator("#evidence-files li", has_text="photo.png").wait_for()
    page.get_by_role("button", name="Remove photo.png").click()
    assert page.locator("#evidence-files li").count() == 0
    page.set_input_files("#id_file", {"name": "photo2.png", "mimeType": "image/png",
                                      "buffer": png_bytes(40, 40)})
    page.get_by_role("button", name="Upload the file").click()

    page.get_by_role("link", name="Submit my entry").click()
    page.get_by_role("button", name="Submit my entry").click()  # not confirmed
    assert page.locator("#id_confirm_error").is_visible()
    page.check("#id_confirm")
    page.get_by_role("button", name="Submit my entry").click()
    assert page.locator("#entry-status").inner_text() == "Submitted"
    assert [a.original_name for a in Entry.objects.get().attachments.all()] == ["photo2.png"]
    watch.assert_clean()
    context.close()


def test_the_worker_later_sees_the_result_and_downloads_the_certificate(browser, live_server,
                                                                          tmp_path):
    built = final_contest(winners=1, losers=0)
    winner = built.winners[0].worker
    context, watch = open_context(browser, live_server, locale="en-US")
    log_in(context, live_server, winner)
    page = context.new_page()

    page.goto(f"{live_server.url}/entries/")
    check_page(page, "entries")
    row = page.locator("#entries li", has_text=built.contest.title)
    assert "一等奖" in row.inner_text()
    row.locator("a").click()
    assert "Award: 一等奖" in page.locator("#timeline").inner_text()
    check_page(page, "entry-final")

    page.goto(f"{live_server.url}/notifications/")
    check_page(page, "notifications")
    page.locator("#notifications a", has_text="certificate").first.click()
    page.wait_for_url(re.compile(r"/certificates/GH"))
    check_page(page, "certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    watch.assert_clean()
    context.close()


def test_an_imported_worker_logs_in_the_first_time_with_an_sms_code(browser, live_server,
                                                                     sms_outbox):
    worker = WorkerFactory(phone="13811112222", username="13811112222")
    worker.set_unusable_password()
    worker.save()
    context, watch = open_context(browser, live_server, locale="en-US")
    page = context.new_page()

    page.goto(f"{live_server.url}/login/")
    check_page(page, "login")
    page.get_by_role("link", name=re.compile("never logged in")).click()
    check_page(page, "first-login")
    page.fill("#id_phone", "138 1111 2222")
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url(f"{live_server.url}/password/code/")
    phone, text = sms_outbox[-1]
    assert phone == "13811112222"
    code = re.search(r"\b(\d{6})\b", text).group(1)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    page.fill("#id_code", wrong)
    page.fill("#id_password", "Peisong-2026-xin")
    page.get_by_role("button", name="Set my password").click()
    assert page.locator("#id_code_error").inner_text() == "The code is wrong. 4 tries left."
    check_page(page, "password-code")
    page.fill("#id_code", code)
    page.fill("#id_password", "Peisong-2026-xin")
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".bottom-nav").is_visible()

    # And from now on the phone and the new password log in.
    context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "13811112222")
    page.fill("#id_password", "Peisong-2026-xin")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".bottom-nav").is_visible()
    watch.assert_clean()
    context.close()


def test_the_public_files_an_objection_and_verifies_a_certificate(browser, live_server):
    _built, notice = published_contest(winners=2, losers=1, consent=[True, False, True])
    certificate = CertificateFactory(holder_name="王建国", award_name="先锋骑手")
    context, watch = open_context(browser, live_server, locale="en-US")
    page = context.new_page()

    page.goto(f"{live_server.url}/")
    check_page(page, "home")
    page.locator("a", has_text=notice.title).first.click()
    check_page(page, "notice")
    lines = page.locator("#notice-lines tbody tr")
    assert lines.count() == 2
    assert "Name withheld" in lines.nth(1).inner_text()
    page.fill("#id_name", "赵")  # too short
    page.fill("#id_contact", "13900001111")
    page.fill("#id_text", "获奖者去年有交通违章记录，请核实。")
    page.get_by_role("button", name="Send my objection").click()
    assert page.locator("#id_name_error").is_visible()
    assert "id_name_error" in page.get_attribute("#id_name", "aria-describedby")
    check_page(page)
    page.fill("#id_name", "赵文明")
    page.get_by_role("button", name="Send my objection").click()
    page.locator("#objection-received").wait_for()
    assert "What happens next" in page.content()
    check_page(page, "objection-received")
    assert notice.objections.get().name == "赵文明"

    page.goto(f"{live_server.url}/")
    page.fill("#home-number", certificate.number.lower())
    page.get_by_role("button", name="Verify").click()
    assert page.locator("[data-status=valid]").is_visible()
    assert "王**" in page.content() and "王建国" not in page.content()
    check_page(page, "verify")
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_page_passes_the_checks(browser, live_server, viewport, sms_outbox):
    """The pages of a worker with an entry, a certificate and notifications, and the public
    ones, at 375 and 1280 px, in Chinese (the default)."""
    built = final_contest(winners=1, losers=1)
    winner = built.winners[0].worker
    open_contest = contest_with_structure(registration_open=True, title="2026年快递分拣技能大赛")
    kwargs = {"viewport": DESKTOP} if viewport == "desktop" else {}
    context, watch = open_context(browser, live_server, **kwargs)
    log_in(context, live_server, winner)
    page = context.new_page()
    entry = built.winners[0]
    nomination = NominationFactory(worker=winner)
    certificate = Certificate.objects.get(holder=winner)
    notice = Notice.objects.get(contest=built.contest)
    pages = {
        "home-worker": "/", "contests-zh": "/contests/",
        "contest-open": f"/contests/{open_contest.pk}/",
        "contest-final": f"/contests/{built.contest.pk}/",
        "results": f"/contests/{built.contest.pk}/results/",
        "entries-zh": "/entries/", "entry-zh": f"/entries/{entry.pk}/",
        "notifications-zh": "/notifications/", "certificates": "/certificates/",
        "certificate-zh": f"/certificates/{certificate.number}/",
        "profile": "/me/", "phone": "/me/phone/", "notice-closed": f"/notices/{notice.pk}/",
        "enter": f"/contests/{open_contest.pk}/enter/", "not-found": "/no-such-page/",
        "nominations": "/me/nominations/", "nomination": f"/me/nominations/{nomination.pk}/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert page.get_attribute("html", "lang") == "zh-hans"
        check_page(page, f"{name}-{viewport}")
    context.clear_cookies()
    for name, path in {"home-public": "/", "signup-zh": "/signup/", "login-zh": "/login/",
                       "reset": "/password/reset/", "verify-zh": "/verify/"}.items():
        page.goto(f"{live_server.url}{path}")
        check_page(page, f"{name}-{viewport}")
    watch.assert_clean()
    context.close()
