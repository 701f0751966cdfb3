"""Consent: the nominee is told (in-app, e-mail, SMS) and accepts or declines.
Declining withdraws the nomination ("declined by the worker")."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import NotAllowed, NotFound

from ..models import Nomination
from ..transitions import move_nomination


def notify_nominee(nomination: Nomination) -> None:
    """Tell the worker they were nominated, once (inside the caller's transaction)."""
    from notifications.services import notify

    # Texts as functions: rendered in the nominee's preferred language.
    notify(
        nomination.worker, "nomination_proposed",
        lambda: _("You have been nominated as %(post)s") % {
            "post": nomination.get_post_display()},
        lambda: _("%(round)s: please accept or decline the nomination.") % {
            "round": nomination.round.title},
        f"/me/nominations/{nomination.pk}/", sms=True,
        dedupe_key=f"nomination:{nomination.pk}:proposed",
    )


def declined_reason() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Declined by the worker.")


def respond(*, nomination: Nomination, actor, accept: bool) -> Nomination:
    """The nominee's answer. Only the nominee (anyone else: 404); once withdrawn,
    rejected or recommended there is nothing to answer (409)."""
    if actor is None or nomination.worker_id != actor.pk:
        raise NotFound()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status not in Nomination.Status.LIVE:
            raise NotAllowed(_("This nomination can no longer be answered."),
                             state=locked.status)
        locked.accepted, locked.responded_at = bool(accept), timezone.now()
        locked.save(update_fields=["accepted", "responded_at", "updated_at"])
        if accept:
            from audit.services import record

            record(actor=actor, action="nomination.accepted", target=locked,
                   data={"round": locked.round_id, "post": locked.post})
            return locked
        return move_nomination(nomination=locked, action="withdraw", actor=actor,
                               reason=declined_reason(), data={"declined": True})
