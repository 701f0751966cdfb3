"""The worker's and the public's pages through Django's test client: language, errors tied
to their fields, every notification link a real page, what a worker may not see."""

import random
from datetime import date

import pytest
from django.test import Client, RequestFactory

from accounts import synthetic
from accounts.models import User
from contests.models import Entry
from core.views import server_error
from notifications.models import Notification
from tests.factories.accounts import WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure
from tests.factories.publicity import CertificateFactory, NoticeFactory, final_contest

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.UsernameOrPhoneBackend")
    return client


def signup_data(**changes) -> dict:
    data = {
        "real_name": "王建国", "phone": "13912340001",
        "id_number": synthetic.id_number(random.Random(3), birth=date(1990, 5, 1)),
        "industry": "food_delivery", "years_in_industry": "3", "union_member": "yes",
        "political_status": "masses", "username": "wangjianguo",
        "password": "Kuaidi-xiaoge-2026", "consent_publication": "no",
    }
    return {**data, **changes}


def test_a_visitor_without_accept_language_gets_simplified_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = Client().get("/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page and 'lang="en">English</button>' in page


def test_the_language_switch_gives_english_and_keeps_it_for_a_worker(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    worker = WorkerFactory()
    client = client_for(worker)
    response = client.post("/language/", {"language": "en", "next": "/contests/"})
    assert response.status_code == 302 and response["Location"] == "/contests/"
    page = client.get("/contests/").content.decode()
    assert '<html lang="en">' in page and "Open for entries" in page
    worker.refresh_from_db()
    assert worker.preferred_language == "en"


def test_sign_up_errors_are_next_to_their_fields_and_in_a_summary():
    bad_id = signup_data()["id_number"][:-1] + "0"
    if bad_id == signup_data()["id_number"]:
        bad_id = bad_id[:-1] + "1"
    response = Client().post("/signup/", signup_data(id_number=bad_id, phone="1234",
                                                    password="12345678"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and 'href="#id_id_number"' in page
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in page
    assert 'id="id_id_number_error"' in page and "check digit" in page
    assert 'id="id_phone_error"' in page
    assert 'id="id_password_error"' in page
    assert 'value="王建国"' in page  # what the person typed is kept
    assert not User.objects.filter(username="wangjianguo").exists()


def test_sign_up_records_the_separate_publication_consent():
    response = Client().post("/signup/", signup_data(consent_publication="no"))
    assert response.status_code == 302 and response["Location"] == "/contests/"
    profile = User.objects.get(username="wangjianguo").worker_profile
    assert profile.consent_publication is False and profile.consent_at is None
    missing = Client().post("/signup/", signup_data(username="other", phone="13912340002",
                                                   consent_publication=""))
    assert 'id="id_consent_publication_error"' in missing.content.decode()


def test_the_inline_check_answers_with_the_one_field():
    response = Client().post("/signup/", {"_check": "phone", "phone": "12345"},
                             headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<div class="field') == 1 and 'id="id_phone_error"' in page
    assert "id_real_name" not in page


def test_every_link_a_notification_carries_is_a_real_page(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    built = final_contest(winners=1, losers=0)
    winner = built.winners[0].worker
    links = set(Notification.objects.filter(user=winner).values_list("link", flat=True))
    assert any(link.startswith("/certificates/") for link in links)
    notice = NoticeFactory()
    links |= {f"/contests/{built.contest.pk}/", f"/entries/{built.winners[0].pk}/",
              f"/notices/{notice.pk}/"}
    client = client_for(winner)
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_opening_a_notification_marks_it_read_and_follows_it():
    worker = WorkerFactory()
    entry = EntryFactory(worker=worker)
    from notifications.services import notify

    note = notify(worker, "entry_qualified", "报名已通过资格审查", "", f"/entries/{entry.pk}/",
                  email=False)
    client = client_for(worker)
    assert 'class="count">1<' in client.get("/").content.decode()
    response = client.get(f"/notifications/{note.pk}/")
    assert response["Location"] == f"/entries/{entry.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="count"' not in client.get("/").content.decode()


def test_a_worker_cannot_open_someone_elses_entry_or_notification():
    mine, theirs = WorkerFactory(), EntryFactory()
    client = client_for(mine)
    assert client.get(f"/entries/{theirs.pk}/").status_code == 404
    assert client.post(f"/entries/{theirs.pk}/withdraw/").status_code == 404
    from notifications.services import notify

    note = notify(theirs.worker, "x", "t", email=False)
    assert client.get(f"/notifications/{note.pk}/").status_code == 404


def test_no_score_or_rank_before_publication():
    contest = contest_with_structure(state="judging")
    entry = EntryFactory(contest=contest, status=Entry.Status.ADVANCED,
                         tier=contest.tiers.first())
    client = client_for(entry.worker)
    for url in (f"/entries/{entry.pk}/", "/entries/", "/contests/", f"/contests/{contest.pk}/"):
        page = client.get(url).content.decode()
        assert "Qualified" in page and "Advanced" not in page, url
        assert f"{contest.tiers.first().name}<" not in page, url


def test_the_profile_masks_the_id_number_and_saves_changes():
    worker = WorkerFactory()
    client = client_for(worker)
    page = client.get("/me/").content.decode()
    masked = worker.worker_profile.id_number_masked
    assert masked in page and worker.worker_profile.decrypted_id_number() not in page
    response = client.post("/me/", {"industry": "express", "years_in_industry": "4.5",
                                    "union_member": "no", "political_status": "masses",
                                    "district": "海陵区", "consent_publication": "no"})
    assert response.status_code == 302
    worker.worker_profile.refresh_from_db()
    assert worker.worker_profile.industry == "express"
    assert worker.worker_profile.consent_publication is False
    bad = client.post("/me/", {"industry": "express", "years_in_industry": "4.55",
                               "union_member": "no", "political_status": "masses",
                               "consent_publication": "no"})
    assert bad.status_code == 400 and 'id="id_years_in_industry_error"' in bad.content.decode()


def test_verify_with_a_slash_is_an_answer_not_a_500():
    response = Client().get("/verify/", {"number": "a/b"})
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()


def test_a_certificate_page_shows_others_the_public_verification():
    certificate = CertificateFactory()
    response = Client().get(f"/certificates/{certificate.number}/")
    assert response["Location"] == f"/verify/{certificate.number}"
    page = client_for(certificate.holder).get(f"/certificates/{certificate.number}/")
    assert "Download the PDF" in page.content.decode()


def test_objections_from_the_page_are_throttled_per_client():
    notice = NoticeFactory()
    data = {"name": "赵文明", "contact": "13900001111", "text": "获奖者去年有违章记录，请核实。"}
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post(f"/notices/{notice.pk}/", data).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert notice.objections.count() == 5


def test_error_pages_are_styled_and_phone_sized(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    assert 'class="card narrow error-card"' in missing.content.decode()
    assert 'name="viewport"' in missing.content.decode()
    request = RequestFactory().get("/boom/")
    failed = server_error(request)
    assert failed.status_code == 500
    assert "服务器错误" in failed.content.decode() and "site.css" in failed.content.decode()


def test_a_worker_accepts_a_nomination_and_declining_needs_a_confirmation():
    from nominations.models import Nomination
    from tests.factories.nominations import NominationFactory

    nomination = NominationFactory()
    client = client_for(nomination.worker)
    listing = client.get("/me/nominations/").content.decode()
    assert f'href="/me/nominations/{nomination.pk}/"' in listing
    assert "Waiting for your answer" in listing
    client.post(f"/me/nominations/{nomination.pk}/", {"answer": "accept"})
    nomination.refresh_from_db()
    assert nomination.accepted is True
    unconfirmed = client.post(f"/me/nominations/{nomination.pk}/", {"answer": "decline"})
    assert unconfirmed.status_code == 400
    assert 'id="id_confirm_error"' in unconfirmed.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE
    client.post(f"/me/nominations/{nomination.pk}/", {"answer": "decline", "confirm": "on"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN and nomination.accepted is False
    other = client_for(WorkerFactory())
    assert other.get(f"/me/nominations/{nomination.pk}/").status_code == 404


def test_the_forbidden_and_expired_form_pages_are_styled():
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/x/")
    request.user = WorkerFactory()
    forbidden = permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403 and "error-card" in forbidden.content.decode()
    expired = Client(enforce_csrf_checks=True).post("/signup/", signup_data())
    assert expired.status_code == 403
    page = expired.content.decode()
    assert "The form has expired" in page and "site.css" in page


def test_a_phone_change_on_the_page_needs_the_code_sent_to_the_new_phone(
        settings, django_capture_on_commit_callbacks):
    import re

    from notifications import sms

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    worker = WorkerFactory(phone="13812345678")
    client = client_for(worker)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/me/phone/", {"send": "1", "phone": "13987654321"})
    assert sent.status_code == 302
    phone, text = sms.outbox[-1]
    assert phone == "13987654321"
    code = re.search(r"\b(\d{6})\b", text).group(1)
    page = client.get("/me/phone/").content.decode()
    assert "13987654321" in page and 'id="id_code"' in page
    wrong = client.post("/me/phone/", {"confirm": "1", "code": "000000" if code != "000000"
                                       else "111111"})
    assert wrong.status_code == 400 and 'id="id_code_error"' in wrong.content.decode()
    worker.refresh_from_db()
    assert worker.phone == "13812345678"
    client.post("/me/phone/", {"confirm": "1", "code": code})
    worker.refresh_from_db()
    assert worker.phone == "13987654321"
    sms.outbox.clear()
