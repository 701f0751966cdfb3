"""The results of a contest as an .xlsx workbook."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from contests.models import Contest
from core.downloads import private_download
from core.errors import NotFound

from ..services.exports import export_results
from .schema import NOT_FOUND, TAG, XlsxRenderer


class ResultsExportView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        tags=[TAG],
        description="Ranked results of the final stage, with tiers: a summary sheet and one "
                    "sheet per track. Organizers (once computed): full names and each "
                    "judge's total per entry. Everyone else (once published): masked names, "
                    "only for workers who consented, no per-judge figures.",
        responses={
            (200, XlsxRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk):
        contest = Contest.objects.filter(pk=pk).first()
        if contest is None:
            raise NotFound()
        content = export_results(contest=contest, user=request.user)
        return private_download(content, content_type=XlsxRenderer.media_type,
                                filename=f"results-{contest.pk}.xlsx")
