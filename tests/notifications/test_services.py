"""notify(): the in-app row now, e-mail and SMS after commit, each sent at most once."""

import io

import pytest
from django.core import mail

from notifications import services, sms
from notifications.models import Notification
from notifications.tasks import deliver_notifications
from tests.factories.accounts import WorkerFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.fixture
def worker():
    return WorkerFactory(email="rider@example.cn", phone="13812345678")


def test_notify_writes_the_row_and_delivers_on_commit(worker, sms_outbox,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(worker, "entry_qualified", "资格审查通过", "加密号 ABCD2345",
                               "/entries/1/", sms=True)
        assert mail.outbox == [] and sms_outbox == []
    assert note.user == worker and not note.is_read
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "资格审查通过"
    assert "/entries/1/" in mail.outbox[0].body
    assert sms_outbox == [("13812345678", "资格审查通过 加密号 ABCD2345")]
    note.refresh_from_db()
    assert note.email_sent_at and note.sms_sent_at


def test_delivery_twice_sends_once(worker, sms_outbox):
    note = Notification.objects.create(user=worker, kind="k", title="t", send_sms=True)
    deliver_notifications([note.pk])
    deliver_notifications([note.pk])
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1


def test_in_app_only_and_missing_addresses(sms_outbox):
    quiet = WorkerFactory(email="", phone="")
    note = services.notify(quiet, "k", "t", sms=True)
    deliver_notifications([note.pk])
    assert mail.outbox == [] and sms_outbox == []


def test_a_vanished_notification_is_skipped():
    assert deliver_notifications([987654]) == 1


def test_a_failed_send_is_released_for_a_retry(worker, settings, monkeypatch):
    note = Notification.objects.create(user=worker, kind="k", title="t")

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        services.deliver(note.pk)
    note.refresh_from_db()
    assert note.email_sent_at is None


def test_dedupe_key_makes_a_repeat_a_no_op(worker):
    first = services.notify_many([worker.pk], "contest_publish", "t", dedupe_key="c:1:publish")
    again = services.notify_many([worker.pk], "contest_publish", "t", dedupe_key="c:1:publish")
    assert len(first) == 1 and again == []
    assert Notification.objects.count() == 1


def test_console_sms_backend_writes_the_message():
    stream = io.StringIO()
    sms.ConsoleSmsBackend(stream=stream).send("13800000000", "你好")
    assert stream.getvalue() == "SMS to 13800000000: 你好\n"


def test_the_configured_backend_is_used(settings, sms_outbox):
    sms.send_sms("13800000000", "hi")
    assert sms_outbox == [("13800000000", "hi")]
