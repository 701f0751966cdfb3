"""Documented error answers shared by the contests API views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from ..serializers import (
    ContestDetailErrorSerializer,
    ContestStateErrorSerializer,
    EligibilityErrorSerializer,
)

BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Invalid input: {"<path in the body>": ["message", ...]}, e.g. '
                '{"stages[0].criteria[1].max_score": ["..."]}.',
)
INELIGIBLE = OpenApiResponse(
    EligibilityErrorSerializer,
    description='Eligibility not met: {"eligibility": [{"rule", "message"}, ...]}, one item '
                "per failed rule. Other bad input is answered as {\"<field>\": [messages]}.",
)
UNAUTHENTICATED = OpenApiResponse(ContestDetailErrorSerializer, description="Not logged in.")
FORBIDDEN = OpenApiResponse(ContestDetailErrorSerializer,
                            description="Logged in, but not allowed to do this.")
NOT_FOUND = OpenApiResponse(ContestDetailErrorSerializer,
                            description="Not found, or not visible to you.")
CONFLICT = OpenApiResponse(
    ContestStateErrorSerializer,
    description="Not possible in the current state: {\"detail\", \"state\"}; also an "
                "Idempotency-Key reused with a different body (state "
                "\"idempotency_conflict\").",
)
