"""Every notification is written in its recipient's preferred language (zh-hans unless
they chose otherwise), whatever language the request or the worker that builds it runs in:
in-app text, e-mail and SMS alike."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from accounts.models import User
from contests.models import Contest, Entry
from contests.transitions import transition_contest
from notifications.models import Notification
from publicity.services import revoke_certificate
from tests.factories.accounts import WorkerFactory
from tests.factories.contests import ContestFactory, EntryFactory
from tests.factories.publicity import end_notice_period, published_contest

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def test_a_new_account_speaks_the_sites_language(settings, api_client):
    settings.LANGUAGE_CODE = "zh-hans"
    user = User.objects.create_user("rider-zh", password="x")
    assert user.preferred_language == "zh-hans"


def test_patch_me_sets_the_preferred_language(worker, worker_client):
    response = worker_client.patch("/api/me/", {"preferred_language": "en"}, format="json")

    assert response.status_code == 200
    assert response.json()["preferred_language"] == "en"
    worker.refresh_from_db()
    assert worker.preferred_language == "en"


def test_patch_me_refuses_an_unknown_language(worker, worker_client):
    before = worker.preferred_language
    response = worker_client.patch("/api/me/", {"preferred_language": "fr"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["preferred_language"]
    worker.refresh_from_db()
    assert worker.preferred_language == before


def test_the_pages_language_switch_stores_it_for_a_logged_in_user(worker):
    worker.preferred_language = "zh-hans"
    worker.save()
    client = Client()
    client.force_login(worker)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    worker.refresh_from_db()
    assert worker.preferred_language == "en"


def test_the_language_switch_still_works_anonymously():
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.fixture
def riders():
    return (WorkerFactory(preferred_language="zh-hans", email="zh@example.cn",
                          phone="13800000001"),
            WorkerFactory(preferred_language="en", email="en@example.cn",
                          phone="13800000002"))


def test_an_entry_decision_reaches_each_worker_in_their_language(
    riders, organizer_client, sms_outbox, django_capture_on_commit_callbacks,
):
    zh_rider, en_rider = riders
    contest = ContestFactory(title="骑行大赛", state=Contest.State.REGISTRATION_OPEN)
    entries = [EntryFactory(contest=contest, worker=rider, status=Entry.Status.SUBMITTED)
               for rider in riders]

    # The organizer works in English; that must not decide the workers' language.
    for entry in entries:
        with django_capture_on_commit_callbacks(execute=True):
            response = organizer_client.post(
                f"/api/entries/{entry.pk}/review/", {"decision": "qualify", "reason": ""},
                format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200

    zh_note = Notification.objects.get(user=zh_rider)
    en_note = Notification.objects.get(user=en_rider)
    assert zh_note.title == "您报名的“骑行大赛”已通过资格审查"
    assert zh_note.body == f"参赛编号 {entries[0].code} 已通过资格审查。"
    assert en_note.title == "Your entry to 骑行大赛 is qualified"
    assert en_note.body == f"Entry code {entries[1].code} passed the qualification review."
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {"zh@example.cn": zh_note.title, "en@example.cn": en_note.title}
    assert dict(sms_outbox) == {
        "13800000001": f"{zh_note.title} {zh_note.body}",
        "13800000002": f"{en_note.title} {en_note.body}",
    }


def test_a_milestone_to_many_is_rendered_once_per_language(riders):
    from contests.notifying import announce_transition

    contest = ContestFactory(title="快递技能赛", state=Contest.State.CANCELLED)
    for rider in riders:
        EntryFactory(contest=contest, worker=rider, status=Entry.Status.SUBMITTED)

    with translation.override("en"):
        assert announce_transition(contest, "cancel") == 2

    titles = dict(Notification.objects.values_list("user__preferred_language", "title"))
    assert titles == {"zh-hans": "竞赛已取消：快递技能赛",
                      "en": "Contest cancelled: 快递技能赛"}


def test_certificate_messages_follow_the_holder(sms_outbox, django_capture_on_commit_callbacks):
    built, _notice = published_contest(winners=2, losers=0)
    zh_holder, en_holder = (entry.worker for entry in built.winners)
    User.objects.filter(pk=zh_holder.pk).update(preferred_language="zh-hans")
    User.objects.filter(pk=en_holder.pk).update(preferred_language="en")
    end_notice_period(built.contest)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=None)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=zh_holder.certificates.get(), reason="异议成立",
                           actor=built.organizer)

    zh_number = zh_holder.certificates.get().number
    en_certificate = en_holder.certificates.get()
    texts = {(n.user_id, n.kind): (n.title, n.body) for n in Notification.objects.all()}
    title = built.contest.title
    assert texts[zh_holder.pk, "certificate_issued"][0] == f"您在“{title}”中的荣誉证书"
    assert f"证书编号 {zh_number}" in texts[zh_holder.pk, "certificate_issued"][1]
    assert texts[zh_holder.pk, "certificate_revoked"] == (f"证书 {zh_number} 已被撤销",
                                                          "理由：异议成立")
    assert texts[en_holder.pk, "certificate_issued"] == (
        f"Your certificate for {title}",
        f"You won “{en_certificate.award_name}”. Certificate no. {en_certificate.number} "
        "can be downloaded now.")
    assert sorted(text for _phone, text in sms_outbox) == sorted(
        f"{title_} {body}" for title_, body in texts.values())
