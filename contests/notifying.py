"""What workers are told about contests and their entries, and who is told.

Texts are functions: `notifications.services` renders them in each recipient's preferred
language, whatever language the acting organizer's request (or the worker) runs in."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from notifications.services import notify, notify_many

from .models import Contest, Entry


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
        closes = timezone.localtime(contest.registration_closes).strftime("%Y-%m-%d %H:%M")
        return (_industry_workers(contest),
                lambda: _("Registration is open: %(title)s") % {"title": title},
                lambda: _("Registration closes on %(day)s.") % {"day": closes})
    if action == "close_registration":
        return (_entrants(contest, Entry.Status.ACTIVE),
                lambda: _("Registration has closed: %(title)s") % {"title": title},
                gettext_lazy("Entries not submitted by now can no longer be submitted."))
    if action == "publish":
        return (_entrants(contest, Entry.Status.RANKED),
                lambda: _("Results published: %(title)s") % {"title": title},
                lambda: _("The results are in public notice for %(days)s working days.") % {
                    "days": contest.notice_days})
    if action == "cancel":
        return (_entrants(contest, Entry.Status.ACTIVE),
                lambda: _("Contest cancelled: %(title)s") % {"title": title}, "")
    return None


def _milestone_key(contest: Contest, action: str) -> str:
    # Per occurrence, not per action: results published again after an amendment are news.
    # A retried task sees the same state_changed_at, so it still notifies once.
    stamp = contest.state_changed_at.isoformat() if contest.state_changed_at else ""
    return f"contest:{contest.pk}:{action}:{stamp}"


def announce_transition(contest: Contest, action: str) -> int:
    """Tell the workers concerned that a contest reached a milestone; safe to repeat."""
    milestone = _milestone(contest, action)
    if milestone is None:
        return 0
    recipients, title, body = milestone
    created = notify_many(recipients, f"contest_{action}", title, body,
                          contest_link(contest), dedupe_key=_milestone_key(contest, action))
    return len(created)


def notify_entry_decision(entry: Entry) -> None:
    """The worker learns that the entry was qualified, or rejected and why."""
    contest_title = entry.contest.title
    if entry.status == Entry.Status.QUALIFIED:
        def title():
            return _("Your entry to %(title)s is qualified") % {"title": contest_title}

        def body():
            return _("Entry code %(code)s passed the qualification review.") % {
                "code": entry.code}
    else:
        def title():
            return _("Your entry to %(title)s was not accepted") % {"title": contest_title}

        def body():
            return _("Reason: %(reason)s") % {"reason": entry.decision_reason}
    notify(entry.worker, f"entry_{entry.status}", title, body, entry_link(entry), sms=True)


def notify_nomination(entry: Entry) -> None:
    contest_title = entry.contest.title
    notify(entry.worker, "entry_nominated",
           lambda: _("You have been nominated for %(title)s") % {"title": contest_title},
           gettext_lazy("Check the entry, add your evidence and submit it before "
                        "registration closes."), entry_link(entry), sms=True)
