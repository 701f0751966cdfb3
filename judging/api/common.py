"""Shared pieces of the judging views: documented error answers, lookups."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from contests.models import Contest
from core.errors import NotFound
from core.parsers import JSONParser
from core.schema import (  # noqa: F401 - the views import them from here
    BAD_INPUT,
    CONFLICT,
    FORBIDDEN,
    INVALID_PAGE,
    NOT_FOUND,
    NOT_LOGGED_IN,
    ORGANIZER_ERRORS,
)

from ..serializers import MAX_ID

TAG = "judging"
STAGE_QUERY = OpenApiParameter(
    "stage", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
    description="A stage of the contest (default: the stage being judged).",
)

# Bodies are JSON (scores are objects keyed by criterion id; forms cannot carry them).
JSON_ONLY = [JSONParser]  # core.parsers: size and nesting caps


class BoundedIdMixin:
    """A path id no row can have (beyond a database integer) is a 404, after the
    authentication and permission checks, instead of a database overflow."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if kwargs.get("pk", 0) > MAX_ID:
            raise NotFound()


def filter_by_ids(queryset, params, lookups):
    """Apply `?name=<id>` filters; an id that cannot exist matches nothing (never a 500)."""
    for name, lookup in lookups:
        value = params.get(name)
        if value is None:
            continue
        if not value.isdigit() or int(value) > MAX_ID:
            return queryset.none()
        queryset = queryset.filter(**{lookup: int(value)})
    return queryset


def get_contest(pk) -> Contest:
    contest = Contest.objects.filter(pk=pk).first()
    if contest is None:
        raise NotFound()
    return contest
