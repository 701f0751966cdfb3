"""Reads of contests, entries and evidence, each with a fixed number of queries, and
filtered to what the caller may see (a hidden object is `NotFound`, as a missing one)."""

from django.db.models import Prefetch

from core.errors import NotFound
from core.permissions import is_organizer

from . import permissions
from .models import Attachment, Contest, Entry, EntryDecision, Stage, TieBreak


def contests_with_structure():
    """Contests with tracks, stages (criteria, tie-breaks) and tiers: 6 queries for any
    number of contests."""
    stages = Stage.objects.prefetch_related(
        "criteria",
        Prefetch("tie_breaks", queryset=TieBreak.objects.select_related("criterion")),
    )
    return Contest.objects.prefetch_related(
        "tracks", Prefetch("stages", queryset=stages), "tiers"
    )


def visible_contests(user):
    queryset = contests_with_structure()
    if not is_organizer(user):
        queryset = queryset.filter(state__in=Contest.PUBLIC_STATES)
    return queryset


def get_visible_contest(user, pk: int, *, with_structure: bool = True) -> Contest:
    queryset = contests_with_structure() if with_structure else Contest.objects.all()
    contest = queryset.filter(pk=pk).first()
    if contest is None or not permissions.can_view_contest(user, contest):
        raise NotFound()
    return contest


def entries_with_details():
    """Entries with track, worker, enterprise, attachments and decisions: 3 queries."""
    return Entry.objects.select_related(
        "contest", "track", "worker", "worker__enterprise", "stage", "tier"
    ).prefetch_related(
        "attachments",
        Prefetch("decisions", queryset=EntryDecision.objects.order_by("created_at", "id")),
    )


def entries_in_contest(user, contest: Contest):
    """Organizers: every entry; workers: their own; anyone else: none."""
    queryset = entries_with_details().filter(contest=contest)
    if is_organizer(user):
        return queryset
    return queryset.filter(worker=user)


def get_visible_entry(user, pk: int) -> Entry:
    entry = entries_with_details().filter(pk=pk).first()
    if entry is None or not permissions.can_view_entry(user, entry):
        raise NotFound()
    return entry


def get_visible_attachment(user, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("entry__contest").filter(pk=pk).first()
    if attachment is None or not permissions.can_view_attachment(user, attachment):
        raise NotFound()
    return attachment


def live_entries_from_enterprise(contest_id: int, enterprise_id: int | None, *,
                                 exclude_entry_id: int | None = None) -> int:
    """Live entries of the contest whose worker works for this enterprise."""
    if enterprise_id is None:
        return 0
    queryset = Entry.objects.filter(
        contest_id=contest_id, worker__enterprise_id=enterprise_id,
        status__in=Entry.ACTIVE_STATUSES,
    )
    if exclude_entry_id is not None:
        queryset = queryset.exclude(pk=exclude_entry_id)
    return queryset.count()


def live_entry_of(contest_id: int, worker_id: int) -> Entry | None:
    return Entry.objects.filter(
        contest_id=contest_id, worker_id=worker_id, status__in=Entry.ACTIVE_STATUSES
    ).first()


def contest_body(contest: Contest) -> dict:
    """The contest as the nested body of API.md (Python values, with ids): what an edit
    is merged into before the whole is validated again."""
    return {
        "title": contest.title, "kind": contest.kind, "year": contest.year,
        "description": contest.description, "industries": list(contest.industries),
        "blind": contest.blind, "registration_opens": contest.registration_opens,
        "registration_closes": contest.registration_closes,
        "judging_closes": contest.judging_closes, "notice_days": contest.notice_days,
        "eligibility": {
            "min_years": contest.min_years, "union_member": contest.union_member_required,
            "min_age": contest.min_age, "max_age": contest.max_age,
            "max_nominees_per_enterprise": contest.max_nominees_per_enterprise,
        },
        "tracks": [{"id": t.pk, "name": t.name} for t in contest.tracks.all()],
        "stages": [_stage_body(stage) for stage in contest.stages.all()],
        "tiers": [
            {"id": t.pk, "name": t.name, "quota": t.quota, "quota_percent": t.quota_percent}
            for t in contest.tiers.all()
        ],
    }


def _stage_body(stage: Stage) -> dict:
    return {
        "id": stage.pk, "name": stage.name, "aggregation": stage.aggregation,
        "trim": stage.trim, "normalize": stage.normalize, "panel_size": stage.panel_size,
        "advance_top": stage.advance_top, "advance_percent": stage.advance_percent,
        "criteria": [
            {"id": c.pk, "name": c.name, "max_score": c.max_score, "weight": c.weight,
             "kind": c.kind}
            for c in stage.criteria.all()
        ],
        "tie_breaks": [
            {"criterion": tb.criterion.name, "order": tb.order} for tb in stage.tie_breaks.all()
        ],
    }
