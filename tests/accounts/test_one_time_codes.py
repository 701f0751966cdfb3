"""One-time SMS codes: first password of an imported worker, password reset, phone change."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import one_time_codes as codes
from accounts.backends import UsernameOrPhoneBackend
from accounts.models import OneTimeCode
from core.errors import InvalidInput
from notifications import sms
from tests.factories.accounts import WorkerFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

PASSWORD = "Qishou-2026-anquan"


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def imported(db):
    """A worker from a roster import: phone as username, no usable password."""
    worker = WorkerFactory(phone="13912345678", username="13912345678")
    worker.set_unusable_password()
    worker.save()
    return worker


def send(phone, purpose="first_login", client="198.51.100.7", **kwargs):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return codes.send_code(phone=phone, purpose=purpose, client=client, **kwargs)


def log_in(username, password):
    return UsernameOrPhoneBackend().authenticate(None, username=username, password=password)


def last_code(phone: str) -> str:
    sent_to, text = sms.outbox[-1]
    assert sent_to == phone
    return re.search(r"\b(\d{6})\b", text).group(1)


def test_an_imported_worker_sets_a_first_password_with_the_code(imported):
    send(imported.phone)
    code = last_code(imported.phone)

    user = codes.set_password_with_code(phone=imported.phone, purpose="first_login",
                                        code=code, password=PASSWORD)

    assert user.pk == imported.pk
    assert log_in(imported.phone, PASSWORD) == imported
    row = OneTimeCode.objects.get()
    assert row.used_at is not None and row.code_hash != code  # only a hash is kept


def test_a_code_works_once(imported):
    send(imported.phone)
    code = last_code(imported.phone)
    codes.set_password_with_code(phone=imported.phone, purpose="first_login", code=code,
                                 password=PASSWORD)
    with pytest.raises(InvalidInput) as caught:
        codes.set_password_with_code(phone=imported.phone, purpose="first_login", code=code,
                                     password=PASSWORD + "x")
    assert caught.value.field == "code"
    assert "No code is waiting" in str(caught.value.message)


def test_a_code_expires_after_five_minutes(imported):
    sent_at = timezone.now()
    send(imported.phone, now=sent_at)
    code = last_code(imported.phone)
    with pytest.raises(InvalidInput) as caught:
        codes.check_code(phone=imported.phone, purpose="first_login", code=code,
                         now=sent_at + timedelta(minutes=5))
    assert "expired" in str(caught.value.message)
    # One second earlier it was still good.
    row = codes.check_code(phone=imported.phone, purpose="first_login", code=code,
                           now=sent_at + timedelta(minutes=5) - timedelta(seconds=1))
    assert row.used_at is not None


def test_five_wrong_tries_lock_the_code_even_for_the_right_one(imported):
    send(imported.phone)
    code = last_code(imported.phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _ in range(5):
        with pytest.raises(InvalidInput) as caught:
            codes.check_code(phone=imported.phone, purpose="first_login", code=wrong)
        messages.append(str(caught.value.message))
    assert messages[0] == "The code is wrong. 4 tries left."
    assert "last try" in messages[4]
    with pytest.raises(InvalidInput) as caught:
        codes.check_code(phone=imported.phone, purpose="first_login", code=code)
    assert "Too many wrong tries" in str(caught.value.message)
    assert OneTimeCode.objects.get().attempts == 5


def test_a_new_code_retires_the_old_one(imported):
    now = timezone.now()
    send(imported.phone, now=now - timedelta(minutes=2))
    old = last_code(imported.phone)
    send(imported.phone, now=now)
    new = last_code(imported.phone)
    assert OneTimeCode.objects.filter(retired_at__isnull=False).count() == 1
    if old != new:  # (one chance in a million that the two random codes are equal)
        with pytest.raises(InvalidInput):
            codes.check_code(phone=imported.phone, purpose="first_login", code=old, now=now)
    assert codes.check_code(phone=imported.phone, purpose="first_login", code=new, now=now)


def test_codes_are_limited_per_phone(imported):
    now = timezone.now()
    send(imported.phone, now=now)
    with pytest.raises(codes.TooManyCodes) as caught:
        send(imported.phone, now=now + timedelta(seconds=30))
    assert caught.value.status_code == 429
    assert "wait 31 seconds" in str(caught.value.message)
    for minutes in range(1, 5):
        send(imported.phone, now=now + timedelta(minutes=minutes))
    with pytest.raises(codes.TooManyCodes) as caught:
        send(imported.phone, now=now + timedelta(minutes=6))
    assert "last hour" in str(caught.value.message)
    assert len(sms.outbox) == 5
    send(imported.phone, now=now + timedelta(minutes=61))  # an hour later: allowed again
    assert len(sms.outbox) == 6


def test_codes_are_limited_per_client(db, settings):
    now = timezone.now()
    phones = [f"1391234{n:04d}" for n in range(codes.PER_CLIENT_PER_HOUR + 1)]
    for phone in phones[:-1]:
        send(phone, client="203.0.113.5", now=now)
    with pytest.raises(codes.TooManyCodes) as caught:
        send(phones[-1], client="203.0.113.5", now=now)
    assert "your network" in str(caught.value.message)
    send(phones[-1], client="203.0.113.6", now=now)  # another client is not affected


def test_an_unknown_phone_is_answered_like_a_known_one_but_gets_no_sms(db):
    row = send("13700001111")
    assert row.user_id is None
    assert sms.outbox == []
    with pytest.raises(InvalidInput) as caught:
        codes.check_code(phone="13700001111", purpose="first_login", code="123456")
    assert str(caught.value.message) == "The code is wrong. 4 tries left."


def test_a_weak_password_does_not_use_up_the_code(imported):
    send(imported.phone)
    code = last_code(imported.phone)
    with pytest.raises(InvalidInput) as caught:
        codes.set_password_with_code(phone=imported.phone, purpose="first_login", code=code,
                                     password="12345678")
    assert "password" in caught.value.errors
    codes.set_password_with_code(phone=imported.phone, purpose="first_login", code=code,
                                 password=PASSWORD)


def test_a_bad_phone_names_the_field(db):
    with pytest.raises(InvalidInput) as caught:
        send("1391234")
    assert caught.value.field == "phone"


def test_password_reset_works_the_same_way(db):
    worker = WorkerFactory(phone="13812345678")
    send(worker.phone, purpose="password_reset")
    codes.set_password_with_code(phone=worker.phone, purpose="password_reset",
                                 code=last_code(worker.phone), password=PASSWORD)
    assert log_in(worker.username, PASSWORD) == worker


def test_a_phone_change_needs_the_code_sent_to_the_new_phone(db):
    worker = WorkerFactory(phone="13812345678")
    send("13987654321", purpose="phone_change", user=worker)
    assert sms.outbox[-1][0] == "13987654321"
    codes.change_phone_with_code(user=worker, phone="13987654321",
                                 code=last_code("13987654321"))
    worker.refresh_from_db()
    assert worker.phone == "13987654321"


def test_a_phone_already_registered_cannot_be_taken(db):
    worker = WorkerFactory(phone="13812345678")
    WorkerFactory(phone="13987654321")
    with pytest.raises(InvalidInput) as caught:
        send("13987654321", purpose="phone_change", user=worker)
    assert str(caught.value.message) == "This phone number is already registered."
    assert sms.outbox == []


def test_someone_elses_phone_change_code_does_not_work(db):
    worker, other = WorkerFactory(), WorkerFactory()
    send("13987654321", purpose="phone_change", user=worker)
    with pytest.raises(InvalidInput):
        codes.change_phone_with_code(user=other, phone="13987654321",
                                     code=last_code("13987654321"))


def test_a_worker_logs_in_with_username_or_phone(db):
    worker = WorkerFactory(username="lixiuying", phone="13812345678", password=PASSWORD)
    backend = UsernameOrPhoneBackend()
    assert backend.authenticate(None, username="lixiuying", password=PASSWORD) == worker
    assert backend.authenticate(None, username="138 1234 5678", password=PASSWORD) == worker
    assert backend.authenticate(None, username="13812345678", password="wrong") is None
