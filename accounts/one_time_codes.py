"""One-time codes by SMS: an imported worker's first password, a password reset, and
confirming a new phone number.

A code is 6 random digits, sent through the SMS backend (`notifications.sms`), stored only
as a keyed hash, valid for `CODE_LIFETIME` and for one use. Asking for codes is limited per
phone (one a minute, `PER_PHONE_PER_HOUR` an hour) and per client address
(`PER_CLIENT_PER_HOUR` an hour); `MAX_WRONG_TRIES` wrong tries lock the code. Whether a
phone belongs to an account is never revealed: an unknown phone is answered exactly as a
known one (a row is written and counted, no SMS is sent, every code typed for it is wrong).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.services import record
from core.errors import DomainError, InvalidInput
from notifications.sms import send_sms

from .cleaning import clean_phone
from .models import OneTimeCode, Role, User
from .worker_records import taken_worker_phones

CODE_LIFETIME = timedelta(minutes=5)
MAX_WRONG_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)
PER_PHONE_PER_HOUR = 5
PER_CLIENT_PER_HOUR = 20
HOUR = timedelta(hours=1)

Purpose = OneTimeCode.Purpose
# Purposes that set a password on the account that owns the phone.
PASSWORD_PURPOSES = (Purpose.FIRST_LOGIN, Purpose.PASSWORD_RESET)


class TooManyCodes(DomainError):
    """429: too many codes asked for, for this phone or from this client."""

    status_code = 429
    default_message = _("Too many codes were asked for. Please try again later.")


def _hash(phone: str, purpose: str, code: str) -> str:
    return salted_hmac("accounts.one_time_code", f"{phone}:{purpose}:{code}").hexdigest()


def _phone(raw) -> str:
    try:
        return clean_phone(raw)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], field="phone") from None


def _worker_with_phone(phone: str) -> User | None:
    """The active worker account with this phone; None when there is none or (against
    the rule that a phone identifies one worker) several."""
    found = list(User.objects.filter(phone=phone, role=Role.WORKER, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def _check_limits(phone: str, client: str, now) -> None:
    recent = OneTimeCode.objects.filter(phone=phone, created_at__gt=now - HOUR)
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and now - last < RESEND_AFTER:
        wait = int((RESEND_AFTER - (now - last)).total_seconds()) + 1
        raise TooManyCodes(_("A code was sent to this phone a moment ago. Please wait "
                             "%(seconds)s seconds before asking again.") % {"seconds": wait},
                           field="phone")
    if recent.count() >= PER_PHONE_PER_HOUR:
        raise TooManyCodes(_("Too many codes were sent to this phone in the last hour. "
                             "Please try again later."), field="phone")
    if client and OneTimeCode.objects.filter(
            client=client, created_at__gt=now - HOUR).count() >= PER_CLIENT_PER_HOUR:
        raise TooManyCodes(_("Too many codes were asked for from your network in the last "
                           "hour. Please try again later."), field="phone")


def _message(purpose: str, code: str, user: User | None) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    with translation.override(language):
        if purpose == Purpose.PHONE_CHANGE:
            text = gettext("Your code to confirm this phone number is %(code)s. It is valid "
                           "for %(minutes)s minutes. If you did not ask for it, ignore this "
                           "message.")
        else:
            text = gettext("Your code to set your password is %(code)s. It is valid for "
                           "%(minutes)s minutes. Never tell it to anyone; if you did not ask "
                           "for it, ignore this message.")
        return text % {"code": code, "minutes": minutes}


def send_code(*, phone, purpose: str, client: str = "", user: User | None = None,
              now=None) -> OneTimeCode:
    """Send a new code for `purpose` to `phone` (older unused ones stop working).

    For a password purpose the account is the worker with that phone, if any; for a phone
    change, `user` is the account asking and `phone` the new number."""
    if purpose not in Purpose.values:
        raise InvalidInput(_("Unknown purpose."), field="purpose")
    phone = _phone(phone)
    now = now or timezone.now()
    client = (client or "")[:45]
    if purpose == Purpose.PHONE_CHANGE:
        if user is None:
            raise InvalidInput(_("Log in to change your phone number."), field="phone")
        if phone == user.phone:
            raise InvalidInput(_("This is already your phone number."), field="phone")
        if taken_worker_phones([phone]):
            raise InvalidInput(_("This phone number is already registered."), field="phone")
        owner = user
    else:
        owner = _worker_with_phone(phone)
    with transaction.atomic():
        if owner is not None:  # orders two requests for the same account
            User.objects.select_for_update().filter(pk=owner.pk).first()
        _check_limits(phone, client, now)
        OneTimeCode.objects.filter(phone=phone, purpose=purpose, used_at=None,
                                   retired_at=None).update(retired_at=now)
        code = f"{secrets.randbelow(1_000_000):06d}"
        row = OneTimeCode.objects.create(
            phone=phone, purpose=purpose, user=owner, code_hash=_hash(phone, purpose, code),
            client=client, created_at=now, expires_at=now + CODE_LIFETIME,
        )
        if owner is not None:
            text = _message(purpose, code, owner)
            transaction.on_commit(lambda: send_sms(phone, text))
    return row


def check_code(*, phone, purpose: str, code, user: User | None = None, now=None) -> OneTimeCode:
    """Use the phone's latest code for `purpose`: the row, marked used, or InvalidInput on
    `code` saying what is wrong. A wrong try is counted even though the call fails, so
    this must not run inside a transaction that the failure rolls back."""
    phone = _phone(phone)
    code = str(code or "").strip()
    now = now or timezone.now()
    problem = None
    with transaction.atomic():
        row = (OneTimeCode.objects.select_for_update()
               .filter(phone=phone, purpose=purpose, used_at=None, retired_at=None)
               .order_by("-created_at", "-id").first())
        if row is None or (user is not None and row.user_id != user.pk):
            problem = _("No code is waiting for this phone number. Please ask for a new code.")
        elif row.expires_at <= now:
            problem = _("This code has expired (a code is valid for %(minutes)s minutes). "
                        "Please ask for a new code.") % {
                            "minutes": int(CODE_LIFETIME.total_seconds() // 60)}
        elif row.attempts >= MAX_WRONG_TRIES:
            problem = _("Too many wrong tries: this code no longer works. Please ask for a "
                        "new code.")
        elif row.user_id is None or not constant_time_compare(
                _hash(phone, purpose, code), row.code_hash):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = MAX_WRONG_TRIES - row.attempts
            problem = (_("The code is wrong. %(left)s tries left.") % {"left": left} if left
                       else _("The code is wrong, and that was the last try: please ask "
                              "for a new code."))
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if problem is not None:
        raise InvalidInput(problem, field="code")
    return row


def set_password_with_code(*, phone, purpose: str, code, password: str, now=None) -> User:
    """First password of an imported worker, or a forgotten one reset: the code proves the
    phone. The password is checked first, so a weak password does not use up the code."""
    if purpose not in PASSWORD_PURPOSES:
        raise InvalidInput(_("Unknown purpose."), field="purpose")
    phone = _phone(phone)
    candidate = _worker_with_phone(phone)
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as exc:
        raise InvalidInput(errors={"password": exc.messages}) from None
    row = check_code(phone=phone, purpose=purpose, code=code, now=now)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=row.user_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor=user, action=f"accounts.password_set.{purpose}", target=user,
               data={"by": "sms_code"})
    return user


def change_phone_with_code(*, user: User, phone, code, now=None) -> User:
    """Confirm the new phone number with the code sent to it."""
    phone = _phone(phone)
    check_code(phone=phone, purpose=Purpose.PHONE_CHANGE, code=code, user=user, now=now)
    taken = InvalidInput(_("This phone number is already registered."), field="phone")
    try:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            if taken_worker_phones([phone]):
                raise taken
            locked.phone = phone
            locked.save(update_fields=["phone"])
            record(actor=locked, action="accounts.phone_changed", target=locked,
                   data={"field": "phone"})
    except IntegrityError:  # another worker took it a moment ago (one worker per phone)
        raise taken from None
    return locked
