"""Opening, restarting, withdrawing and closing a contest's public notice (公示).

A contest's notice opens when the contest is published (an effect of `publish`, inside
its transaction) and runs for `contest.notice_days` working days
(`publicity.calendar.compute_notice_end`). An upheld objection may lead to amended
results; the organizer then restarts the notice: the old one is superseded and a new round
opens with a fresh period and a fresh list.

What the public sees is fixed when the notice opens (`Notice.lines`): the winners in
result order, each with the track, the award and — only for workers who consented to
publication (PIPL) — the masked name and the enterprise. A winner who did not consent is
still listed, as a line with the award and track and the name withheld, so the public can
see how many awards were given and object to the numbers; nothing that identifies the
worker is shown.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.publication import public_identity
from audit.services import record
from contests.models import Contest
from core.errors import InvalidInput, NotAllowed

from .. import selectors, subjects
from ..calendar import compute_notice_end, years_without_calendar
from ..models import Notice, Objection


def winner_lines(contest: Contest) -> list[dict]:
    """The contest's winners as they appear on its notice (masked, consent respected)."""
    lines = []
    for row in selectors.winner_rows(contest):
        identity = public_identity(row.entry.worker)
        lines.append({
            "rank": row.rank,
            "track": row.entry.track.name,
            "award": row.tier.name,
            "name": identity.name,
            "enterprise": identity.enterprise,
            "withheld": identity.withheld,
        })
    return lines


def _notice_title(contest: Contest) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        # Translators: zh-hans "%(title)s结果公示" (the title already says 竞赛 or 评选)
        return _("%(title)s: results in public notice") % {"title": contest.title}


def _check_length(contest: Contest) -> None:
    if contest.notice_days < 1:
        raise NotAllowed(_("A public notice lasts at least one working day: set the "
                           "contest's notice length first."), state=contest.state)


def open_notice(*, subject, title: str, working_days: int, lines: list[dict], actor,
                checksum: str = "", now=None) -> Notice:
    """Open the next round of `subject`'s notice (a contest, a nomination round…),
    superseding a live one: the one mechanism every kind of notice shares. Call it inside
    the transaction that puts the subject on notice."""
    kind = subjects.kind_of(subject)
    now = now or timezone.now()
    mine = Notice.objects.filter(**subjects.subject_filter(subject))
    previous = mine.select_for_update().order_by("-round").first()
    mine.filter(status=Notice.Status.OPEN).update(status=Notice.Status.SUPERSEDED, ended_at=now)
    closes_at = compute_notice_end(now, working_days)
    notice = Notice.objects.create(
        subject_type=kind.subject_type,
        **subjects.subject_filter(subject),
        round=previous.round + 1 if previous else 1,
        title=title,
        working_days=working_days,
        opens_at=now,
        closes_at=closes_at,
        lines=lines,
        results_checksum=checksum,
        calendar_missing_years=years_without_calendar(
            timezone.localdate(now), timezone.localdate(closes_at)
        ),
        published_by=actor,
    )
    record(
        actor=actor, action="notice.opened", target=notice,
        data={kind.field: subject.pk, "round": notice.round, "opens_at": notice.opens_at,
              "closes_at": notice.closes_at, "lines": len(notice.lines),
              "results_checksum": notice.results_checksum,
              "previous": previous.pk if previous else None},
    )
    return notice


def open_contest_notice(*, contest: Contest, actor, now=None) -> Notice:
    """Open the next round of the contest's notice, superseding a live one. Call it inside
    the transaction that publishes (or republishes) the results."""
    _check_length(contest)
    result_set = selectors.final_result_set(contest)
    return open_notice(
        subject=contest, title=_notice_title(contest), working_days=contest.notice_days,
        lines=winner_lines(contest), checksum=result_set.checksum if result_set else "",
        actor=actor, now=now,
    )


def require_upheld_and_none_pending(notice: Notice, state) -> list[int]:
    """The ids of the notice's upheld objections; NotAllowed (with the subject's `state`)
    while one is pending or when none was upheld (without one there is nothing to
    correct)."""
    statuses = list(notice.objections.values_list("pk", "status"))
    if any(status == Objection.Status.PENDING for _pk, status in statuses):
        raise NotAllowed(_("Resolve every pending objection first."), state=state)
    upheld = [pk for pk, status in statuses if status == Objection.Status.UPHELD]
    if not upheld:
        raise NotAllowed(_("No objection to this notice was upheld: there is nothing to "
                           "correct."), state=state)
    return upheld


def _require_upheld_and_none_pending(notice: Notice, contest: Contest) -> list[int]:
    return require_upheld_and_none_pending(notice, contest.state)


def restart(*, subject, state, actor, reason: str, open_next) -> Notice:
    """The shared restart: the subject's live notice must have an upheld objection and
    none pending; `open_next()` then opens the next round (superseding the live one).
    Inside the caller's transaction, with the subject locked."""
    notice = selectors.current_notice(subject, lock=True)
    if notice is None:
        raise NotAllowed(_("There is no open notice to restart."), state=state)
    upheld = require_upheld_and_none_pending(notice, state)
    new = open_next()
    record(
        actor=actor, action="notice.restarted", target=new,
        data={subjects.kind_of(subject).field: subject.pk, "previous": notice.pk,
              "round": new.round, "upheld_objections": upheld},
        reason=reason,
    )
    return new


def clean_restart_reason(reason) -> str:
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise InvalidInput(_("At most 2000 characters."), field="reason")
    return reason


def restart_notice(*, contest: Contest, actor, reason: str = "") -> Notice:
    """After an upheld objection (and the amendments it called for), supersede the live
    notice and open a new round with a fresh period and the current results.

    Only while the contest is in notice, with no objection pending and at least one
    upheld; the results must be publishable, as for `publish`."""
    from judging.services.results import publication_problem

    reason = clean_restart_reason(reason)
    with transaction.atomic():
        locked = Contest.objects.select_for_update().get(pk=contest.pk)
        if locked.state != Contest.State.IN_NOTICE:
            raise NotAllowed(_("Only a contest in public notice can restart its notice."),
                             state=locked.state)
        notice = selectors.current_notice(locked)
        if notice is None:
            raise NotAllowed(_("This contest has no open notice."), state=locked.state)

        def open_next():
            problem = publication_problem(locked)
            if problem:
                raise NotAllowed(problem, state=locked.state)
            return open_contest_notice(contest=locked, actor=actor)

        return restart(subject=locked, state=locked.state, actor=actor, reason=reason,
                       open_next=open_next)


def end_notice(notice: Notice, status: str, *, now=None) -> None:
    """Close, supersede or withdraw a live notice (inside the caller's transaction)."""
    notice.status, notice.ended_at = status, now or timezone.now()
    notice.save(update_fields=["status", "ended_at"])


def end_current_notice(subject, status: str, *, actor, data: dict) -> Notice | None:
    """End the subject's live notice, if any, with `status` (closed or withdrawn) and
    record `notice.<status>` with `data` and the notice's round."""
    notice = selectors.current_notice(subject, lock=True)
    if notice is not None:
        end_notice(notice, status)
        record(actor=actor, action=f"notice.{Notice.Status(status).value}", target=notice,
               data={**data, "round": notice.round})
    return notice


# --- Checks and effects of contest moves (listed in contests.transitions) -----------------


def on_publish(contest: Contest, actor) -> None:
    """`publish`: the results go on public notice."""
    open_contest_notice(contest=contest, actor=actor)


def on_cancel(contest: Contest, actor) -> None:
    """`cancel`: a live notice is withdrawn (its objections stay on record)."""
    end_current_notice(contest, Notice.Status.WITHDRAWN, actor=actor,
                       data={"contest": contest.pk})


def may_amend(contest: Contest) -> None:
    """Guard for taking published results back to `results_ready` to amend them: an
    objection was upheld and none is pending."""
    notice = selectors.current_notice(contest, lock=True)
    if notice is None:
        raise NotAllowed(_("This contest has no open notice."), state=contest.state)
    _require_upheld_and_none_pending(notice, contest)


def on_amend(contest: Contest, actor) -> None:
    """Results go back for amendment: the live notice is superseded; publishing again
    opens the next round."""
    notice = selectors.current_notice(contest, lock=True)
    if notice is not None:
        end_notice(notice, Notice.Status.SUPERSEDED)
        record(actor=actor, action="notice.superseded", target=notice,
               data={"contest": contest.pk, "round": notice.round})
