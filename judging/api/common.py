"""Shared pieces of the judging views: documented error answers, lookups."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from contests.models import Contest
from core.errors import NotFound

TAG = "judging"
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: {"field": ["message"]}; a score error is keyed '
                '"scores.<criterion id>" and names the criterion.',
)
NOT_LOGGED_IN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not logged in.")
FORBIDDEN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not allowed for your role.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Missing or not visible to you.")
CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Not allowed in the current state: {"detail", "state"}; also an '
                "Idempotency-Key reused with a different body.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Replays the first answer for the same key and body within 24 h.",
)
STAGE_QUERY = OpenApiParameter(
    "stage", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
    description="A stage of the contest (default: the stage being judged).",
)

ORGANIZER_ERRORS = {401: NOT_LOGGED_IN, 403: FORBIDDEN, 404: NOT_FOUND}


def validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def get_contest(pk) -> Contest:
    contest = Contest.objects.filter(pk=pk).first()
    if contest is None:
        raise NotFound()
    return contest
