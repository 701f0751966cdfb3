"""Permission-checked download of evidence (never served from a public media URL)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from .. import selectors
from .schema import NOT_FOUND, UNAUTHENTICATED


class AttachmentDownloadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["entries"],
        description="The file, to the entry's worker, organizers and — when the contest is "
                    "not blind — the judges assigned to the entry.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            401: UNAUTHENTICATED, 404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int):
        attachment = selectors.get_visible_attachment(request.user, pk)
        response = FileResponse(
            attachment.file.open("rb"), content_type=attachment.content_type,
            as_attachment=True, filename=attachment.original_name,
        )
        response["Cache-Control"] = "private, no-store"
        return response
