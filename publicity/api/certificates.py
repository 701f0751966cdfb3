"""Certificates: public verification, the PDF for its holder and organizers, the
holder's list, revocation."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import private_download
from core.errors import NotFound
from core.filters import FilterSet
from core.idempotency import idempotent
from core.input import parse
from core.permissions import IsOrganizer
from core.throttling import ClientRateThrottle

from .. import permissions, selectors, services
from ..models import Certificate
from ..numbers import is_well_formed, normalize
from ..serializers import (
    CertificateSerializer,
    ReasonRequestSerializer,
    VerificationSerializer,
    verification,
)
from .schema import (
    BAD_INPUT,
    CONFLICT,
    NOT_FOUND,
    NOT_LOGGED_IN,
    ORGANIZER_ERRORS,
    TAG,
    THROTTLED,
    PdfRenderer,
)


class VerifyView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "verify"

    @extend_schema(
        tags=[TAG],
        description="Anyone may check a certificate number (typed with or without dashes, "
                    "any case). 200 with `status: \"valid\"` (`valid: true`) or "
                    "`status: \"revoked\"` (`valid: false`, `revoked_at`); 404 with "
                    "`{\"valid\": false, \"status\": \"unknown\", \"number\", \"well_formed\"}` "
                    "for a number never issued — `well_formed: false` means the check "
                    "character does not match, probably a typo. The holder's name is masked.",
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(VerificationSerializer, description="Unknown number."),
            429: THROTTLED,
        },
    )
    def get(self, request, number):
        canonical, certificate = selectors.find_certificate(number)
        data = verification(canonical, certificate, is_well_formed(canonical))
        code = status.HTTP_404_NOT_FOUND if certificate is None else status.HTTP_200_OK
        return Response(data, status=code)


def _visible_certificate(user, number) -> Certificate:
    _canonical, certificate = selectors.find_certificate(number)
    if certificate is None or not permissions.can_see_certificate(user, certificate):
        raise NotFound()
    return certificate


class CertificatePdfView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        tags=[TAG],
        description="The certificate's PDF, to its holder and organizers (anyone else: "
                    "404). Written now if the issuing task has not reached it yet. The "
                    "holder of a revoked certificate gets 409.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            401: NOT_LOGGED_IN, 404: NOT_FOUND, 409: CONFLICT,
        },
    )
    def get(self, request, number):
        content = services.pdf_for_download(user=request.user, number=number)
        certificate_number = normalize(number)
        return private_download(content, content_type="application/pdf",
                                filename=f"{certificate_number}.pdf")


class CertificateFilter(FilterSet):
    class Meta:
        model = Certificate
        fields = ["contest", "status"]


class CertificateListView(generics.ListAPIView):
    """A worker's own certificates; every certificate for organizers. Filter by `contest`,
    `status`."""

    permission_classes = [IsAuthenticated]
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    queryset = Certificate.objects.none()

    def get_queryset(self):
        return selectors.visible_certificates(self.request.user)

    @extend_schema(tags=[TAG], responses={200: CertificateSerializer(many=True),
                                          400: BAD_INPUT, 401: NOT_LOGGED_IN})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CertificateRevokeView(APIView):
    permission_classes = [IsOrganizer]

    @extend_schema(
        tags=[TAG], request=ReasonRequestSerializer,
        description="Revoke a certificate, e.g. when an upheld objection removes the award "
                    "(`reason` required). Verification answers `revoked` from then on and "
                    "the holder is told. 409 when already revoked.",
        responses={200: CertificateSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, number):
        certificate = _visible_certificate(request.user, number)
        data = parse(ReasonRequestSerializer, request.data)
        certificate = services.revoke_certificate(
            certificate=certificate, reason=data.get("reason", ""),
            actor=request.user,
        )
        return Response(CertificateSerializer(certificate).data)
