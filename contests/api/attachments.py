"""Permission-checked download of evidence (never served from a public media URL)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from core.renderers import file_renderer
from core.schema import DetailErrorSerializer

from .. import selectors
from ..services.attachments import ALLOWED_TYPES
from .schema import NOT_FOUND, NOT_LOGGED_IN

UNREADABLE = OpenApiResponse(
    DetailErrorSerializer,
    description="The file cannot be parsed, so no copy without metadata can be made for a "
                "judge: {\"detail\"}.",
)


class AttachmentDownloadView(APIView):
    permission_classes = [IsAuthenticated]
    # A client may ask for the file's type (Accept: application/pdf) without a 406.
    renderer_classes = [JSONRenderer, *(file_renderer(media_type, suffix)
                                        for media_type, suffix in ALLOWED_TYPES.items())]

    @extend_schema(
        tags=["entries"],
        description="The file. The entry's worker and organizers receive it as uploaded, "
                    "under its original name. A judge assigned to the entry receives a copy "
                    "without metadata (EXIF, XMP, ICC and text chunks of images; document "
                    "information and XMP of PDFs); in a blind contest it is named "
                    "`<entry code>-<attachment id>.<ext>`.",
        responses={
            # Served with the type its content was recognised as on upload.
            **{(200, media_type): OpenApiResponse(OpenApiTypes.BINARY)
               for media_type in ALLOWED_TYPES},
            401: NOT_LOGGED_IN, 404: NOT_FOUND, 409: UNREADABLE,
        },
    )
    def get(self, request, pk: int):
        download = selectors.evidence_file(request.user, pk)
        response = FileResponse(download.stream, content_type=download.content_type,
                                as_attachment=True, filename=download.filename)
        response["Cache-Control"] = "private, no-store"
        return response
