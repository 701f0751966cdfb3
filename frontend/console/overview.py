"""Reads for the dashboard and the contest list, each in a fixed number of queries
whatever the number of contests (pinned in tests/frontend/console/test_queries.py)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from contests.models import Contest, Entry
from contests.transitions import ACTION_LABELS, available_actions
from judging.models import Assignment, Scorecard
from publicity.models import Notice, Objection

S = Contest.State
# The date that matters next in each state (the deadline beat moves the contest on).
DEADLINE_FIELD = {
    S.DRAFT: "registration_opens",
    S.REGISTRATION_OPEN: "registration_closes",
    S.REGISTRATION_CLOSED: "judging_closes",
    S.JUDGING: "judging_closes",
}
# Moves offered as "the next step"; cancelling and going back are never the next step.
NOT_NEXT = ("cancel", "amend_results", "reopen_judging")
NOTICE_ENDING_WITHIN = timedelta(days=3)
# Done with: the dashboard leaves them to the contest list (five years of a province hold
# a thousand contests, nearly all of them final).
CLOSED_STATES = (S.FINAL, S.CANCELLED)
CONTEST_ORDER = ("-year", "-registration_opens", "id")


def _entry_count(condition):
    """Entries of the outer contest matching `condition`, counted in a scalar subquery:
    an index-only scan of (contest, status) per contest listed, where a join of the
    contests with the entries then GROUP BY hashes the whole entry table (206,560 rows
    at province scale for the hundred contests in progress: 53 ms → 7 ms)."""
    entries = (Entry.objects.filter(condition, contest=OuterRef("pk")).order_by()
               .values("contest").annotate(n=Count("*")).values("n"))
    return Coalesce(Subquery(entries, output_field=IntegerField()), 0)


def contests_with_counts(contests=None):
    """Contests (all, or those of `contests`) with entry counts by status: one query."""
    by = Entry.Status
    contests = Contest.objects.all() if contests is None else contests
    return contests.annotate(
        entries_total=_entry_count(~Q(status=by.DRAFT)),
        entries_waiting=_entry_count(Q(status=by.SUBMITTED)),
        entries_qualified=_entry_count(Q(status__in=(
            by.QUALIFIED, by.ADVANCED, by.ELIMINATED))),
    ).order_by(*CONTEST_ORDER)


def current_contests_with_counts():
    """The contests still in progress (not final nor cancelled), with their counts."""
    return contests_with_counts(Contest.objects.exclude(state__in=CLOSED_STATES))


def contest_page(contests, number, size):
    """A page of `contests` (a filtered Contest queryset) and that page's contests with
    their counts: a COUNT, then the counts of the page's contests only (the page stays a
    subquery), never an aggregate over every entry of every contest."""
    page = Paginator(contests.order_by(*CONTEST_ORDER).values("pk"), size).get_page(number)
    return page, contests_with_counts(Contest.objects.filter(pk__in=page.object_list))


@dataclass
class ContestLine:
    contest: Contest
    next_action: str | None
    deadline: object
    progress: dict | None
    notice: Notice | None

    @property
    def next_label(self):
        return ACTION_LABELS[self.next_action] if self.next_action else ""


def _progress_by_contest(contest_ids, states) -> dict[int, dict]:
    assignments = Assignment.objects.filter(stage__contest_id__in=contest_ids)
    if states is not None:
        assignments = assignments.filter(stage__contest__state__in=states)
    rows = (
        assignments
        .values("stage__contest_id")
        .annotate(expected=Count("id"),
                  submitted=Count("id", filter=Q(scorecard__state=Scorecard.State.SUBMITTED)))
        .order_by()
    )
    return {
        row["stage__contest_id"]: {
            "expected": row["expected"], "submitted": row["submitted"],
            "percent": round(100 * row["submitted"] / row["expected"]) if row["expected"] else 0,
        }
        for row in rows
    }


def _open_notices(contest_ids) -> dict[int, Notice]:
    notices = Notice.objects.filter(contest_id__in=contest_ids, status=Notice.Status.OPEN)
    return {n.contest_id: n for n in notices.order_by("round")}


def contest_lines(user, contests, progress_states=(S.JUDGING,)) -> list[ContestLine]:
    """Each contest with its next move, the deadline that matters, judging progress and
    its open notice: 3 queries. Progress is counted for contests in `progress_states`
    only (None: all), the lists showing it for contests being judged: not a count over
    every assignment of every past contest (five years of a province hold a million)."""
    contests = list(contests)
    ids = [c.pk for c in contests]
    progress = _progress_by_contest(ids, progress_states)
    notices = _open_notices(ids)
    lines = []
    for contest in contests:
        moves = [a for a in available_actions(contest, user) if a not in NOT_NEXT]
        notice = notices.get(contest.pk)
        field = DEADLINE_FIELD.get(contest.state)
        deadline = getattr(contest, field) if field else (notice.closes_at if notice else None)
        lines.append(ContestLine(contest, moves[0] if moves else None, deadline,
                                 progress.get(contest.pk), notice))
    return lines


def pending_objections():
    return (Objection.objects.filter(status=Objection.Status.PENDING)
            .select_related("notice__contest").order_by("created_at", "id"))


def notices_ending_soon(now=None):
    now = now or timezone.now()
    return (Notice.objects.filter(status=Notice.Status.OPEN,
                                  closes_at__lte=now + NOTICE_ENDING_WITHIN)
            .select_related("contest").order_by("closes_at", "id"))
