"""Reads for the publicity API and pages, each in a fixed number of queries.

Results are read through judging's selectors (`result_set_for`, `result_rows`): the
notice, the certificates and the export show the rows judging computed, never a
re-derivation of them.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from contests.models import Contest, Criterion
from core.errors import NotFound
from core.permissions import is_organizer, is_worker
from judging import maths
from judging import selectors as judging_selectors
from judging.models import ResultRow, ResultSet
from judging.rubrics import rubric_of
from judging.stage_inputs import submitted_scorecards

from . import permissions
from .models import Certificate, Notice, Objection
from .numbers import is_well_formed, normalize
from .subjects import subject_filter

User = get_user_model()

# --- Notices -------------------------------------------------------------------------------


def public_notices() -> QuerySet[Notice]:
    """Every notice, open and past (superseded and withdrawn ones too, for the record),
    newest first, with its objection counts: one query per page."""
    pending = Q(objections__status=Objection.Status.PENDING)
    upheld = Q(objections__status=Objection.Status.UPHELD)
    dismissed = Q(objections__status=Objection.Status.DISMISSED)
    return (
        Notice.objects.select_related("contest", "nomination_round")
        .annotate(
            objections_pending=Count("objections", filter=pending),
            objections_upheld=Count("objections", filter=upheld),
            objections_dismissed=Count("objections", filter=dismissed),
        )
        .order_by("-opens_at", "-id")
    )


def get_notice(notice_id) -> Notice:
    notice = public_notices().filter(pk=_int(notice_id)).first()
    if notice is None:
        raise NotFound()
    return notice


def current_notice(subject, *, lock: bool = False) -> Notice | None:
    """The live notice (status open; running or ended but not yet closed) of a contest or
    of any other subject kind (`publicity.subjects`)."""
    notices = Notice.objects.filter(**subject_filter(subject), status=Notice.Status.OPEN)
    if lock:
        notices = notices.select_for_update()
    return notices.order_by("-round").first()


# --- Objections ----------------------------------------------------------------------------


def objections_for(user) -> QuerySet[Objection]:
    """Objections with the objector's name and contact: organizers only."""
    if not permissions.can_see_objections(user):
        return Objection.objects.none()
    return Objection.objects.select_related("notice", "resolved_by").order_by("-created_at", "-id")


# --- Winners -------------------------------------------------------------------------------


def final_result_set(contest: Contest) -> ResultSet | None:
    """The results judging computed for the contest's final stage, or None."""
    try:
        return judging_selectors.result_set_for(contest)
    except NotFound:
        return None


def winner_rows(contest: Contest) -> list[ResultRow]:
    """The rows of the final results that carry an award, in result order, with the
    worker, their profile and enterprise, the track and the tier (one query)."""
    result_set = final_result_set(contest)
    if result_set is None:
        return []
    return list(
        judging_selectors.result_rows(result_set)
        .filter(tier__isnull=False)
        .select_related("entry__worker__enterprise")
    )


# --- Certificates --------------------------------------------------------------------------


def find_certificate(raw_number: str) -> tuple[str, Certificate | None]:
    """(the number in canonical form, the certificate or None). A number whose check
    character does not match is not looked up at all."""
    number = normalize(raw_number or "")
    if not is_well_formed(number):
        return number, None
    certificate = (Certificate.objects.filter(number=number)
                   .select_related("contest", "holder").first())
    return number, certificate


def visible_certificates(user) -> QuerySet[Certificate]:
    """Organizers see every certificate; a worker their own; anyone else none."""
    queryset = Certificate.objects.select_related("contest").order_by("-issued_at", "id")
    if is_organizer(user):
        return queryset
    if is_worker(user):
        return queryset.filter(holder=user)
    return queryset.none()


# --- Exports -------------------------------------------------------------------------------


def judge_totals(result_set: ResultSet) -> dict[int, dict[str, Decimal]]:
    """{entry id: {judge's name: scorecard total}} over the stage's submitted cards, with
    judging's own rubric and maths (three queries). Organizers only: never before the
    results are computed, since a judge must not see the others' scores before then."""
    stage = result_set.stage
    rubric = rubric_of(Criterion.objects.filter(stage=stage))
    totals = maths.scorecard_totals(rubric, submitted_scorecards(stage))
    judge_ids = {key.judge_id for key in totals}
    names = {
        pk: real_name or username
        for pk, real_name, username in User.objects.filter(pk__in=judge_ids)
        .values_list("pk", "real_name", "username")
    }
    labels = _judge_labels(names)
    by_entry: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for key in sorted(totals, key=lambda k: (names.get(k.judge_id, ""), k.judge_id)):
        by_entry[key.entry_id][labels[key.judge_id]] = totals[key]
    return by_entry


def _judge_labels(names: dict[int, str]) -> dict[int, str]:
    """The judge's name; two judges with the same name get their ids added, so they do
    not share a column."""
    seen = defaultdict(int)
    for name in names.values():
        seen[name] += 1
    return {pk: name if seen[name] == 1 else f"{name} (#{pk})" for pk, name in names.items()}


def export_rows(result_set: ResultSet) -> QuerySet[ResultRow]:
    """The stage's result rows for the workbook (one query)."""
    return judging_selectors.result_rows(result_set).select_related("entry__worker__enterprise")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
