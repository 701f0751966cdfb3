"""Documented error answers shared by the contests API views."""

from drf_spectacular.utils import OpenApiResponse

from core.schema import BAD_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, NOT_LOGGED_IN  # noqa: F401

from ..serializers import EligibilityErrorSerializer

INELIGIBLE = OpenApiResponse(
    EligibilityErrorSerializer,
    description='Eligibility not met: {"eligibility": [{"rule", "message"}, ...]}, one item '
                "per failed rule. Other bad input is answered as {\"<field>\": [messages]}.",
)
