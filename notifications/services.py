"""Creating notifications and delivering them by e-mail and SMS.

`notify` writes the in-app row inside the caller's transaction and queues delivery on
commit, so a rolled-back decision never sends a message. Delivery claims each channel with a
conditional UPDATE before sending: running it twice, or on two workers, sends once.

Each message is written in its recipient's `preferred_language`, wherever it is built (a
request in another language, a Celery worker): callers pass the title and body as *texts*,
a lazy translation (`gettext_lazy("…")`) or a function returning the string
(`lambda: _("… %(title)s") % {...}`), which are rendered once per recipient language. The
stored row is what the in-app list, the e-mail and the SMS show."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from core.errors import NotFound

from .models import Notification
from .sms import send_sms

DELIVERY_BATCH = 200


def _queue_delivery(ids: list[int]) -> None:
    from .tasks import deliver_notifications

    for start in range(0, len(ids), DELIVERY_BATCH):
        deliver_notifications.delay_on_commit(ids[start:start + DELIVERY_BATCH])


# A message text: a plain string (used as is), a lazy translation, or a function that
# returns the string in the active language.
Text = str | Callable[[], str]


def render(text: Text, language: str) -> str:
    """`text` written in `language`."""
    with translation.override(language):
        return str(text()) if callable(text) else str(text)


def _languages(user_ids: list[int]) -> dict[int, str]:
    from accounts.models import User

    known = {code for code, _name in settings.LANGUAGES}
    return {pk: (language if language in known else settings.LANGUAGE_CODE)
            for pk, language in User.objects.filter(pk__in=user_ids)
            .values_list("pk", "preferred_language")}


def notify(user, kind: str, title: Text, body: Text = "", link: str = "", *,
           email: bool = True, sms: bool = False, dedupe_key: str = "") -> Notification | None:
    """In-app row now, e-mail/SMS by Celery after commit. With a `dedupe_key` that this
    user already has, nothing is created and None is returned."""
    created = notify_many([user.pk], kind, title, body, link, email=email, sms=sms,
                          dedupe_key=dedupe_key)
    return created[0] if created else None


def notify_many(user_ids: Iterable[int], kind: str, title: Text, body: Text = "",
                link: str = "", *, email: bool = True, sms: bool = False,
                dedupe_key: str = "") -> list[Notification]:
    """The same message to many users (a contest milestone), in one bulk insert, each in
    the recipient's language (rendered once per language)."""
    user_ids = list(dict.fromkeys(user_ids))
    if dedupe_key:
        already = set(Notification.objects.filter(
            dedupe_key=dedupe_key, user_id__in=user_ids).values_list("user_id", flat=True))
        user_ids = [pk for pk in user_ids if pk not in already]
    languages = _languages(user_ids)
    texts = {language: (render(title, language)[:200], render(body, language))
             for language in set(languages.values())}
    rows = [
        Notification(user_id=pk, kind=kind, title=texts[languages[pk]][0],
                     body=texts[languages[pk]][1], link=link, dedupe_key=dedupe_key,
                     send_email=email, send_sms=sms)
        for pk in user_ids if pk in languages
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=bool(dedupe_key))
        if dedupe_key:
            rows = list(Notification.objects.filter(dedupe_key=dedupe_key, user_id__in=user_ids,
                                                    email_sent_at=None, sms_sent_at=None))
        _queue_delivery([row.pk for row in rows if row.send_email or row.send_sms])
    return rows


def _claim(notification_id: int, field: str) -> bool:
    return bool(Notification.objects.filter(pk=notification_id, **{field: None})
                .update(**{field: timezone.now()}))


def _release(notification_id: int, field: str) -> None:
    Notification.objects.filter(pk=notification_id).update(**{field: None})


def _message_text(notification: Notification) -> str:
    text = notification.body
    if notification.link:
        link = notification.link
        if link.startswith("/"):
            link = settings.SITE_URL + link
        text = f"{text}\n\n{link}" if text else link
    return text


def deliver(notification_id: int) -> None:
    """Send the e-mail and SMS of one notification, each at most once. A vanished row or a
    user without an address is skipped; a failed send is released for a retry and raised."""
    notification = (Notification.objects.select_related("user")
                    .filter(pk=notification_id).first())
    if notification is None:
        return
    user = notification.user
    if notification.send_email and user.email and _claim(notification.pk, "email_sent_at"):
        try:
            send_mail(notification.title, _message_text(notification),
                      settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            _release(notification.pk, "email_sent_at")
            raise
    if notification.send_sms and user.phone and _claim(notification.pk, "sms_sent_at"):
        try:
            send_sms(user.phone, f"{notification.title} {notification.body}".strip())
        except Exception:
            _release(notification.pk, "sms_sent_at")
            raise


def mark_read(*, user, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is None:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
