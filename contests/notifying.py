"""What workers are told about contests and their entries, and who is told.

Messages are written in the site's language (workers read Chinese), whatever language the
acting organizer's request used."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import notify, notify_many

from .models import Contest, Entry

# Contest actions workers are told about.
MILESTONE_ACTIONS = ("open_registration", "close_registration", "publish", "cancel")


def contest_link(contest: Contest) -> str:
    return f"/contests/{contest.pk}/"


def entry_link(entry: Entry) -> str:
    return f"/entries/{entry.pk}/"


def _industry_workers(contest: Contest):
    return User.objects.filter(
        role=Role.WORKER, is_active=True, worker_profile__industry__in=contest.industries
    ).values_list("pk", flat=True)


def _entrants(contest: Contest, statuses):
    return (Entry.objects.filter(contest=contest, status__in=statuses)
            .values_list("worker_id", flat=True))


def _milestone(contest: Contest, action: str):
    """(recipient ids, title, body) for an action workers hear about, else None."""
    title = contest.title
    if action == "open_registration":
        return (_industry_workers(contest), _("Registration is open: %(title)s") % {
            "title": title}, _("Registration closes on %(day)s.") % {
            "day": timezone.localtime(contest.registration_closes).strftime("%Y-%m-%d %H:%M")})
    if action == "close_registration":
        return (_entrants(contest, Entry.Status.ACTIVE),
                _("Registration has closed: %(title)s") % {"title": title},
                _("Entries not submitted by now can no longer be submitted."))
    if action == "publish":
        return (_entrants(contest, Entry.Status.RANKED),
                _("Results published: %(title)s") % {"title": title},
                _("The results are in public notice for %(days)s working days.") % {
                    "days": contest.notice_days})
    if action == "cancel":
        return (_entrants(contest, Entry.Status.ACTIVE),
                _("Contest cancelled: %(title)s") % {"title": title}, "")
    return None


def _milestone_key(contest: Contest, action: str) -> str:
    # Per occurrence, not per action: results published again after an amendment are news.
    # A retried task sees the same state_changed_at, so it still notifies once.
    stamp = contest.state_changed_at.isoformat() if contest.state_changed_at else ""
    return f"contest:{contest.pk}:{action}:{stamp}"


def announce_transition(contest: Contest, action: str) -> int:
    """Tell the workers concerned that a contest reached a milestone; safe to repeat."""
    with translation.override(settings.LANGUAGE_CODE):
        milestone = _milestone(contest, action)
        if milestone is None:
            return 0
        recipients, title, body = milestone
        created = notify_many(recipients, f"contest_{action}", title, body,
                              contest_link(contest), dedupe_key=_milestone_key(contest, action))
    return len(created)


def notify_entry_decision(entry: Entry) -> None:
    """The worker learns that the entry was qualified, or rejected and why."""
    with translation.override(settings.LANGUAGE_CODE):
        if entry.status == Entry.Status.QUALIFIED:
            title = _("Your entry to %(title)s is qualified") % {"title": entry.contest.title}
            body = _("Entry code %(code)s passed the qualification review.") % {
                "code": entry.code}
        else:
            title = _("Your entry to %(title)s was not accepted") % {
                "title": entry.contest.title}
            body = _("Reason: %(reason)s") % {"reason": entry.decision_reason}
        notify(entry.worker, f"entry_{entry.status}", title, body, entry_link(entry), sms=True)


def notify_nomination(entry: Entry) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        notify(entry.worker, "entry_nominated",
               _("You have been nominated for %(title)s") % {"title": entry.contest.title},
               _("Check the entry, add your evidence and submit it before registration "
                 "closes."), entry_link(entry), sms=True)
