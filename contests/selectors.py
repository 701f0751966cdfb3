"""Reads of contests, entries and evidence, each with a fixed number of queries, and
filtered to what the caller may see (a hidden object is `NotFound`, as a missing one)."""

import io
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import Case, CharField, F, IntegerField, Prefetch, Q, Value, When
from django.utils.translation import gettext as _

from core.errors import NotAllowed, NotFound
from core.permissions import is_organizer

from . import evidence, permissions
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
        queryset = queryset.filter(state__in=Contest.State.PUBLIC)
    return queryset


def get_visible_contest(user, pk: int, *, with_structure: bool = True) -> Contest:
    queryset = contests_with_structure() if with_structure else Contest.objects.all()
    contest = queryset.filter(pk=pk).first()
    if contest is None or not permissions.can_view_contest(user, contest):
        raise NotFound()
    return contest


# Until a contest's results are published, a non-organizer is not told how an entry fared:
# an advanced or eliminated entry shows as it stood when judging began, qualified (a status
# the worker already knows and clients already handle), with no stage and no award.
STATUS_UNTIL_PUBLISHED = Entry.Status.QUALIFIED


def with_visible_outcome(queryset, user):
    """Entries annotated with what `user` may know of their outcome: `visible_status`,
    `visible_stage_id`, `visible_tier_id`. The one place that hides unpublished results;
    the entry serializer and the entry list's status filter read these, never the raw
    fields."""
    if permissions.can_see_unpublished_outcomes(user):
        return queryset.annotate(
            visible_status=F("status"), visible_stage_id=F("stage_id"),
            visible_tier_id=F("tier_id"),
        )
    published = Q(contest__state__in=Contest.State.PUBLISHED)
    return queryset.annotate(
        visible_status=Case(
            When(~published & Q(status__in=Entry.Status.STAGE_OUTCOME),
                 then=Value(STATUS_UNTIL_PUBLISHED)),
            default=F("status"), output_field=CharField(),
        ),
        visible_stage_id=Case(When(published, then=F("stage_id")), default=None,
                              output_field=IntegerField()),
        visible_tier_id=Case(When(published, then=F("tier_id")), default=None,
                             output_field=IntegerField()),
    )


def _visible_decisions(user):
    decisions = EntryDecision.objects.order_by("created_at", "id")
    if permissions.can_see_unpublished_outcomes(user):
        return decisions
    return decisions.exclude(
        Q(status__in=Entry.Status.STAGE_OUTCOME)
        & ~Q(entry__contest__state__in=Contest.State.PUBLISHED)
    )


def entries_with_details(user):
    """Entries with track, worker, enterprise, attachments and decisions, and their
    outcome as far as `user` may know it: 3 queries."""
    queryset = Entry.objects.select_related(
        "contest", "track", "worker", "worker__enterprise", "stage", "tier"
    ).prefetch_related(
        "attachments", Prefetch("decisions", queryset=_visible_decisions(user)),
    )
    return with_visible_outcome(queryset, user)


def entries_in_contest(user, contest: Contest):
    """Organizers: every entry; workers: their own; anyone else: none."""
    queryset = entries_with_details(user).filter(contest=contest)
    if is_organizer(user):
        return queryset
    return queryset.filter(worker=user)


def get_visible_entry(user, pk: int) -> Entry:
    entry = entries_with_details(user).filter(pk=pk).first()
    if entry is None or not permissions.can_view_entry(user, entry):
        raise NotFound()
    return entry


def get_visible_attachment(user, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("entry__contest").filter(pk=pk).first()
    if attachment is None or not permissions.can_view_attachment(user, attachment):
        raise NotFound()
    return attachment


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content_type: str
    stream: BinaryIO


def evidence_file(user, pk: int) -> EvidenceFile:
    """Attachment `pk` as `user` may download it: as stored, under the worker's file name,
    for the worker and organizers; anonymised for a judge of the entry, and in a blind
    contest named `<entry code>-<id>.<ext>` (`contests.evidence`)."""
    attachment = get_visible_attachment(user, pk)
    # Files stored before names followed their type get the same treatment when served.
    filename = evidence.name_for_type(attachment.original_name, attachment.content_type)
    if permissions.gets_neutral_file_name(user, attachment):
        filename = evidence.neutral_filename(attachment.entry.code, attachment.pk,
                                             attachment.content_type)
    stream = attachment.file.open("rb")
    if permissions.gets_anonymised_evidence(user, attachment):
        with stream:
            data = stream.read()
        try:
            stream = io.BytesIO(evidence.anonymised(data, attachment.content_type))
        except evidence.UnreadableEvidence:
            raise NotAllowed(_("This file cannot be read, so it cannot be shown to judges "
                               "without its metadata. Please tell the organizers.")) from None
    return EvidenceFile(filename=filename, content_type=attachment.content_type,
                        stream=stream)


def live_entries_from_enterprise(contest_id: int, enterprise_id: int | None, *,
                                 exclude_entry_id: int | None = None) -> int:
    """Live entries of the contest whose worker works for this enterprise."""
    if enterprise_id is None:
        return 0
    queryset = Entry.objects.filter(
        contest_id=contest_id, worker__enterprise_id=enterprise_id,
        status__in=Entry.Status.ACTIVE,
    )
    if exclude_entry_id is not None:
        queryset = queryset.exclude(pk=exclude_entry_id)
    return queryset.count()


def live_entry_of(contest_id: int, worker_id: int) -> Entry | None:
    return Entry.objects.filter(
        contest_id=contest_id, worker_id=worker_id, status__in=Entry.Status.ACTIVE
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
