"""SMS behind a small backend interface, chosen by `settings.SMS_BACKEND`.

A production backend (an SMS gateway) subclasses `BaseSmsBackend` and implements
`send(phone, text)`, raising `SmsError` when the message was not accepted."""

import logging
import sys

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Messages sent with LocmemSmsBackend, like django.core.mail.outbox (tests only).
outbox: list[tuple[str, str]] = []


class SmsError(Exception):
    pass


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes the message to standard output (quickstart and development)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone: str, text: str) -> None:
        self.stream.write(f"SMS to {phone}: {text}\n")
        self.stream.flush()


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in `notifications.sms.outbox`."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> None:
    get_backend().send(phone, text)
