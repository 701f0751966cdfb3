"""Documented answers shared by the nominations views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

TAG = "nominations"
BAD_INPUT = OpenApiResponse(OpenApiTypes.OBJECT,
                            description='Bad input: {"field": ["message"]}, every wrong '
                                        "field named.")
NOT_LOGGED_IN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not logged in.")
NOT_FOUND = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Missing, or not visible to you (everyone but organizers and, for their "
                "own nominations, the nominee).")
FORBIDDEN = OpenApiResponse(OpenApiTypes.OBJECT,
                            description="Not your move (e.g. a worker acting for someone "
                                        "else).")
CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Not possible in the current state: {"detail", "state"} (a duplicate '
                "nomination also names the existing one: `nomination`; an exclusive post "
                "conflict names the other `post`; a failed eligibility re-check lists "
                "`eligibility`); also an Idempotency-Key reused with a different body.")
ORGANIZER_ERRORS = {401: NOT_LOGGED_IN, 404: NOT_FOUND}
