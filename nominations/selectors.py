"""Reads of the pipeline, each in a fixed number of queries whatever the number of rows."""

from django.db.models import F, Prefetch, QuerySet

from core.errors import NotFound
from core.permissions import is_organizer

from .models import Nomination, NominationRound, Provenance, Review
from .permissions import can_view_nomination


def rounds() -> QuerySet[NominationRound]:
    return (NominationRound.objects.select_related("created_by")
            .prefetch_related("post_rules", "sources__contest").order_by("-created_at", "-id"))


def get_round(round_id) -> NominationRound:
    """The round with its posts and sources (three queries)."""
    found = rounds().filter(pk=round_id).first()
    if found is None:
        raise NotFound()
    return found


def find_round(round_id) -> NominationRound:
    """The round alone (one query), for views that need only its id and state."""
    found = NominationRound.objects.filter(pk=round_id).first()
    if found is None:
        raise NotFound()
    return found


def with_details(queryset: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return queryset.select_related(
        "worker__enterprise", "worker__worker_profile", "round",
    ).prefetch_related(
        Prefetch("provenance", queryset=Provenance.objects.select_related("contest")
                 .order_by("rank", "id")),
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer")
                 .order_by("at", "id")),
    )


def ranked(queryset: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """By post, then composite score (desc), the better best rank, the oldest."""
    return queryset.order_by("post", "-composite_score",
                             F("best_rank").asc(nulls_last=True), "id")


def nominations_of(round_: NominationRound) -> QuerySet[Nomination]:
    return ranked(with_details(Nomination.objects.filter(round=round_)))


def nominations_of_worker(user) -> QuerySet[Nomination]:
    if not user or not user.is_authenticated:
        return Nomination.objects.none()
    return with_details(Nomination.objects.filter(worker=user)).order_by("-created_at", "-id")


def visible_nomination(user, nomination_id) -> Nomination:
    nomination = with_details(Nomination.objects.filter(pk=nomination_id)).first()
    if nomination is None or not can_view_nomination(user, nomination):
        raise NotFound()
    return nomination


def sees_identity(user, nomination) -> bool:
    return is_organizer(user) or nomination.worker_id == getattr(user, "pk", None)
