"""The end of a contest's notice: `finalize` (in_notice → final).

* Guard (`may_finalize`): the live notice has ended (now ≥ closes_at), no objection to it
  is pending, none was upheld (an upheld objection calls for amended results and a
  restarted notice, not for making the contested list final), and the results are still
  those that were published (same checksum). Otherwise NotAllowed: 409 in the API.
* Effect (`on_finalize`, inside the transition's transaction): the notice is closed, the
  results are frozen (judging refuses to recompute a final contest; the checksum on the
  notice is the one that was on public notice and is recorded in the audit log), and a
  certificate row with its number is created for each winner. After commit, the
  `publicity.issue_certificates` task writes the PDFs and notifies the winners.
* Celery beat (`finalize_due_contests`, every few minutes) finalizes each contest whose
  notice has ended with nothing pending or upheld, through contests' transition service (actor:
  the system), and re-queues certificate issuing that a dead worker left unfinished
  (through the outbox, once: not again while that job waits or runs).

The "contest finalized" event is contests' `contest_transitioned` signal with
`to_state="final"` (see `publicity.signals`).
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest
from core.errors import DomainError, NotAllowed

from .. import selectors, subjects
from ..models import Notice, Objection
from .certificates import create_missing_certificates, unfinished_contests
from .notices import end_notice

logger = logging.getLogger(__name__)

# Certificates issued longer ago than this without finishing are re-queued by beat.
RESUME_AFTER = timedelta(minutes=10)


def check_notice_over(notice: Notice | None, *, state, now=None) -> None:
    """The shared end-of-notice rule, for every kind of subject: the live notice has ended
    (now ≥ closes_at), no objection to it is pending and none was upheld. Otherwise
    NotAllowed with the subject's `state` (409)."""
    now = now or timezone.now()
    if notice is None:
        raise NotAllowed(_("There is no open public notice."), state=state)
    if not notice.has_ended(now):
        raise NotAllowed(
            _("The public notice runs until %(day)s: finalizing is possible after it "
              "ends.") % {"day": date_format(notice.last_day, "DATE_FORMAT")},
            state=state,
        )
    statuses = set(notice.objections.values_list("status", flat=True))
    if Objection.Status.PENDING in statuses:
        raise NotAllowed(_("Objections to the notice are still pending: resolve them "
                           "first."), state=state)
    if Objection.Status.UPHELD in statuses:
        # What was on notice was found wrong: it must be corrected and shown again, not
        # made final as it stands (beat would otherwise finalize it minutes after the
        # objection was upheld, before the organizer could correct anything).
        raise NotAllowed(_("An objection to this notice was upheld: correct the list and "
                           "restart the notice."), state=state)


def may_finalize(contest: Contest, now=None) -> None:
    """Guard on `finalize` (the contest is locked by the transition): the notice is over
    with nothing pending or upheld, and the results are those that were published."""
    notice = selectors.current_notice(contest, lock=True)
    check_notice_over(notice, state=contest.state, now=now)
    result_set = selectors.final_result_set(contest)
    if result_set is None or result_set.checksum != notice.results_checksum:
        raise NotAllowed(_("The results have changed since they were published: restart "
                           "the notice."), state=contest.state)


def on_finalize(contest: Contest, actor) -> None:
    """Effect of `finalize`: close the notice, freeze the results, create the
    certificates; their PDFs and the winners' notifications are queued on commit."""
    from ..tasks import issue_certificates

    notice = selectors.current_notice(contest, lock=True)
    if notice is not None:
        end_notice(notice, Notice.Status.CLOSED)
        record(actor=actor, action="notice.closed", target=notice,
               data={"contest": contest.pk, "round": notice.round,
                     "results_checksum": notice.results_checksum})
    create_missing_certificates(contest, actor=actor)
    # Through the outbox, in this transaction: a broker outage delays the issuing, and a
    # failed issuing is retried (beat also resumes unfinished issuing).
    issue_certificates.delay_on_commit(contest.pk)


def due_subjects(subject_type: str, now=None) -> list[int]:
    """Ids of the subjects of this kind whose open notice has ended with no objection
    pending or upheld (the subject's own state is for its kind to check)."""
    now = now or timezone.now()
    field = subjects.kind_of_type(subject_type).field
    return list(
        Notice.objects.filter(subject_type=subject_type, status=Notice.Status.OPEN,
                              closes_at__lte=now)
        .exclude(objections__status__in=[Objection.Status.PENDING, Objection.Status.UPHELD])
        .order_by("closes_at", f"{field}_id").values_list(f"{field}_id", flat=True)
    )


def due_contests(now=None) -> list[int]:
    """Contests in notice whose notice has ended with no objection pending or upheld."""
    due = due_subjects(Notice.Subject.CONTEST, now)
    in_notice = set(Contest.objects.filter(pk__in=due, state=Contest.State.IN_NOTICE)
                    .values_list("pk", flat=True))
    return [pk for pk in due if pk in in_notice]


def finalize_due_notices(now=None) -> dict:
    """Beat: each kind of subject ends its due notices (contests first). The contests'
    outcome keys stay at the top level; another kind's are prefixed with its type."""
    now = now or timezone.now()
    outcome = {}
    for kind in subjects.kinds():
        done = kind.finalize_due(now)
        if kind.subject_type == Notice.Subject.CONTEST:
            outcome.update(done)
        else:
            outcome.update({f"{kind.subject_type}_{key}": value for key, value in done.items()})
    return outcome


def finalize_due_contests(now=None) -> dict:
    """Beat: finalize every due contest (each in its own transaction; one that a guard
    refuses is logged and left for the organizer), and re-queue unfinished issuing."""
    from contests.services import transition_contest

    from ..tasks import issue_certificates

    now = now or timezone.now()
    finalized, refused = [], []
    for contest in Contest.objects.filter(pk__in=due_contests(now)).order_by("pk"):
        try:
            transition_contest(contest=contest, action="finalize", actor=None)
        except DomainError as error:
            logger.warning("contest %s not finalized: %s", contest.pk, error)
            refused.append(contest.pk)
        else:
            finalized.append(contest.pk)
    resumed = unfinished_contests(older_than=now - RESUME_AFTER)
    for contest_id in resumed:
        # Through the outbox too: with the broker down the sweep still ends normally, and
        # the issuing is sent when the broker is back (one job, whatever the runs).
        issue_certificates.delay_on_commit_unless_queued(contest_id)
    return {"finalized": finalized, "refused": refused, "resumed": resumed}
