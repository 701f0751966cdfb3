"""Entries: entering, editing, submitting (eligibility), qualification review, withdrawal.

The entry's own state machine is the table in `contests/entry_transitions.py`, whose one
function changes the status and records the decision and the audit event. Every write that
counts entries of a contest (the per-enterprise cap) locks the contest row first, so two
entries created at the same moment are counted one after the other."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, WorkerProfile
from audit.services import record
from core.errors import InvalidInput, NotAllowed, PermissionDenied
from core.permissions import is_organizer, is_worker

from .. import eligibility, notifying, selectors
from ..entry_transitions import transition_entry
from ..errors import IneligibleEntry
from ..models import Contest, Entry, EntryDecision

St = Entry.Status

REVIEW_DECISIONS = ("qualify", "reject")
NOMINATION_SOURCES = (Entry.Source.UNION, Entry.Source.ENTERPRISE)


def _lock_contest(contest_id: int) -> Contest:
    return Contest.objects.select_for_update().get(pk=contest_id)


def _lock_entry(entry_id: int) -> Entry:
    return Entry.objects.select_for_update().get(pk=entry_id)


def registration_is_open(contest: Contest, now=None) -> bool:
    now = now or timezone.now()
    return contest.state in Contest.State.ACCEPTS_ENTRIES and now < contest.registration_closes


def ensure_registration_open(contest: Contest) -> None:
    if not registration_is_open(contest):
        raise NotAllowed(_("Registration for this contest is not open."), state=contest.state)


# --- Eligibility adapter -----------------------------------------------------------------


def rules_of(contest: Contest) -> eligibility.Rules:
    return eligibility.Rules(
        industries=tuple(contest.industries), min_years=contest.min_years,
        union_member_required=contest.union_member_required, min_age=contest.min_age,
        max_age=contest.max_age, max_nominees_per_enterprise=contest.max_nominees_per_enterprise,
    )


def eligibility_failures(entry: Entry, contest: Contest) -> list[eligibility.Failure]:
    profile = WorkerProfile.objects.filter(user_id=entry.worker_id).first()
    if profile is None:
        return [eligibility.Failure("profile", _("The worker profile is missing."))]
    applicant = eligibility.Applicant(
        industry=profile.industry, years_in_industry=profile.years_in_industry,
        union_member=profile.union_member, birth_date=profile.birth_date,
    )
    others = selectors.live_entries_from_enterprise(
        contest.pk, entry.worker.enterprise_id, exclude_entry_id=entry.pk
    )
    return eligibility.evaluate(
        applicant, rules_of(contest),
        on=eligibility.reference_date(contest.registration_closes),
        others_from_enterprise=others,
    )


# --- Services ----------------------------------------------------------------------------


def _check_new_entry(contest: Contest, worker) -> None:
    existing = selectors.live_entry_of(contest.pk, worker.pk)
    if existing is not None:
        raise NotAllowed(_("This worker already has an entry in this contest."),
                         state=existing.status)
    cap_failure = eligibility.check_enterprise_cap(
        selectors.live_entries_from_enterprise(contest.pk, worker.enterprise_id),
        contest.max_nominees_per_enterprise,
    )
    if cap_failure is not None:
        raise IneligibleEntry([cap_failure])


@transaction.atomic
def create_entry(*, contest: Contest, actor, track_id: int, statement: str = "",
                 worker_id: int | None = None, source: str = Entry.Source.SELF) -> Entry:
    """A worker enters for themselves; an organizer enters the worker `worker_id` as a
    union or enterprise nomination (`source`). Both within the per-enterprise cap."""
    nominated = is_organizer(actor)
    if nominated and worker_id is None:
        raise InvalidInput(_("Give the worker to enter."), field="worker")
    if not nominated and worker_id not in (None, actor.pk):
        raise PermissionDenied(_("Only organizers enter other workers."))
    contest = _lock_contest(contest.pk)
    ensure_registration_open(contest)
    worker = User.objects.filter(pk=worker_id).first() if nominated else actor
    if nominated and source not in NOMINATION_SOURCES:
        raise InvalidInput(_("A nomination comes from a union or an enterprise."), field="source")
    if not is_worker(worker):
        raise InvalidInput(_("Only a worker can be entered."), field="worker")
    track = contest.tracks.filter(pk=track_id).first()
    if track is None:
        raise InvalidInput(_("No such track in this contest."), field="track")
    _check_new_entry(contest, worker)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                contest=contest, track=track, worker=worker, statement=statement,
                source=source if nominated else Entry.Source.SELF,
                nominated_by=actor if nominated else None,
            )
    except IntegrityError as exc:  # a duplicate that slipped past the check
        raise NotAllowed(_("This worker already has an entry in this contest."),
                         state=St.DRAFT) from exc
    EntryDecision.objects.create(entry=entry, action="create", status=entry.status, actor=actor)
    record(actor=actor, action="entry.created", target=entry,
           data={"contest": contest.pk, "worker": worker.pk, "source": entry.source})
    if nominated:
        notifying.notify_nomination(entry)
    return entry


@transaction.atomic
def update_entry(*, entry: Entry, actor, statement: str | None = None,
                 track_id: int | None = None) -> Entry:
    """The worker edits the statement or changes track while the entry is a draft."""
    contest = _lock_contest(entry.contest_id)
    entry = _lock_entry(entry.pk)
    ensure_registration_open(contest)
    if entry.status != St.DRAFT:
        raise NotAllowed(_("Only a draft entry can be changed."), state=entry.status)
    changed = []
    if statement is not None and statement != entry.statement:
        entry.statement = statement
        changed.append("statement")
    if track_id is not None and track_id != entry.track_id:
        if not contest.tracks.filter(pk=track_id).exists():
            raise InvalidInput(_("No such track in this contest."), field="track")
        entry.track_id = track_id
        changed.append("track")
    if changed:
        entry.save(update_fields=[*changed, "updated_at"])
        record(actor=actor, action="entry.updated", target=entry, data={"fields": changed})
    return entry


@transaction.atomic
def submit_entry(*, entry: Entry, actor) -> Entry:
    """Draft → submitted, when every eligibility rule holds (each failure is named)."""
    contest = _lock_contest(entry.contest_id)
    entry = _lock_entry(entry.pk)
    if entry.status == St.SUBMITTED:
        return entry
    ensure_registration_open(contest)
    if entry.status == St.DRAFT:
        failures = eligibility_failures(entry, contest)
        if failures:
            raise IneligibleEntry(failures)
    transition_entry(entry=entry, action="submit", actor=actor, submitted_at=timezone.now())
    return entry


@transaction.atomic
def review_entry(*, entry: Entry, actor, decision: str, reason: str = "") -> Entry:
    """Qualification review (资格审查): qualify, or reject with a reason the worker sees."""
    if decision not in REVIEW_DECISIONS:
        raise InvalidInput(_("Decide qualify or reject."), field="decision")
    reason = (reason or "").strip()
    if decision == "reject" and not reason:
        raise InvalidInput(_("Give the reason for the rejection."), field="reason")
    contest = Contest.objects.get(pk=entry.contest_id)
    if contest.state not in Contest.State.REVIEWS_ENTRIES:
        raise NotAllowed(_("Entries are reviewed while registration is open or just closed."),
                         state=contest.state)
    entry = _lock_entry(entry.pk)
    moved = transition_entry(entry=entry, action=decision, actor=actor, reason=reason,
                             decision_reason=reason, reviewed_by=actor,
                             reviewed_at=timezone.now())
    if moved:
        notifying.notify_entry_decision(entry)
    return entry


@transaction.atomic
def withdraw_entry(*, entry: Entry, actor, reason: str = "") -> Entry:
    contest = Contest.objects.get(pk=entry.contest_id)
    if contest.state not in Contest.State.ALLOWS_WITHDRAWAL:
        raise NotAllowed(_("Entries can be withdrawn only before judging starts."),
                         state=contest.state)
    entry = _lock_entry(entry.pk)
    transition_entry(entry=entry, action="withdraw", actor=actor, reason=reason)
    return entry


@transaction.atomic
def review_entries(*, contest: Contest, entry_ids, actor, decision: str,
                   reason: str = "") -> list[Entry]:
    """Review several entries of one contest with the same decision (the console's bulk
    qualify): every entry through `review_entry`, all of them or none."""
    entries = list(Entry.objects.filter(contest=contest, pk__in=entry_ids).order_by("id"))
    if not entries:
        raise InvalidInput(_("Choose at least one entry."), field="entries")
    return [review_entry(entry=entry, actor=actor, decision=decision, reason=reason)
            for entry in entries]
