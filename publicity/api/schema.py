"""Documented answers and renderers shared by the publicity views."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from core.renderers import FileRenderer

TAG = "publicity"
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: {"field": ["message"]}, every wrong field named.',
)
NOT_LOGGED_IN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not logged in.")
FORBIDDEN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not allowed for your role.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Missing or not visible to you.")
CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Not possible in the current state: {"detail", "state"}; also an '
                "Idempotency-Key reused with a different body.",
)
THROTTLED = OpenApiResponse(OpenApiTypes.OBJECT,
                            description="Too many requests from this client; retry later.")
ORGANIZER_ERRORS = {401: NOT_LOGGED_IN, 403: FORBIDDEN, 404: NOT_FOUND}


class PdfRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class XlsxRenderer(FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
