"""Public notices: the list and one notice with its winners; objections to it; the
organizer's restart after an upheld objection."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from contests.models import Contest
from core.client_address import client_address
from core.errors import NotFound
from core.filters import FilterSet
from core.idempotency import idempotent
from core.input import parse
from core.permissions import IsOrganizer
from core.throttling import ClientRateThrottle

from .. import selectors, services
from ..models import Notice
from ..serializers import (
    NoticeDetailSerializer,
    NoticeSerializer,
    ObjectionReceiptSerializer,
    ObjectionRequestSerializer,
    RestartRequestSerializer,
)
from .schema import (
    BAD_INPUT,
    CONFLICT,
    NOT_FOUND,
    ORGANIZER_ERRORS,
    TAG,
    THROTTLED,
)


class NoticeFilter(FilterSet):
    class Meta:
        model = Notice
        fields = ["status", "contest", "nomination_round", "subject_type"]


class NoticeListView(generics.ListAPIView):
    """Open and past notices, newest first (anyone). Filter by `status`, `contest`,
    `subject_type`."""

    permission_classes = [AllowAny]
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    queryset = Notice.objects.none()

    def get_queryset(self):
        return selectors.public_notices()

    @extend_schema(tags=[TAG], responses={200: NoticeSerializer(many=True), 400: BAD_INPUT})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NoticeDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG], responses={200: NoticeDetailSerializer, 404: NOT_FOUND},
        description="The notice with its winners as published: masked names, and only for "
                    "workers who consented to publication; the others are listed with the "
                    "award and track and `withheld: true`.",
    )
    def get(self, request, pk):
        return Response(NoticeDetailSerializer(selectors.get_notice(pk)).data)


class ObjectionCreateView(APIView):
    """File an objection (anyone, while the notice is open; throttled per client)."""

    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "objections"

    @extend_schema(
        tags=[TAG], request=ObjectionRequestSerializer,
        description="`name` 2–50 characters, `contact` a phone number or an e-mail address, "
                    "`text` 10–2000 characters. Stored with the time, the client's address "
                    "and user agent. 409 once the notice has closed.",
        responses={201: ObjectionReceiptSerializer, 400: BAD_INPUT, 404: NOT_FOUND,
                   409: CONFLICT, 429: THROTTLED},
    )
    @idempotent
    def post(self, request, pk):
        data = parse(ObjectionRequestSerializer, request.data)
        objection = services.file_objection(
            notice_id=pk, name=data.get("name"), contact=data.get("contact"),
            text=data.get("text"), ip_address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""), user=request.user,
            line=data.get("line"),
        )
        return Response(ObjectionReceiptSerializer(objection).data,
                        status=status.HTTP_201_CREATED)


class NoticeRestartView(APIView):
    """Restart the contest's notice after an upheld objection (organizer)."""

    permission_classes = [IsOrganizer]

    @extend_schema(
        tags=[TAG], request=RestartRequestSerializer,
        description="Supersedes the live notice and opens the next round with a fresh "
                    "period and the current results. Only while the contest is in notice, "
                    "with no objection pending and at least one upheld (else 409).",
        responses={201: NoticeDetailSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = Contest.objects.filter(pk=pk).first()
        if contest is None:
            raise NotFound()
        data = parse(RestartRequestSerializer, request.data)
        notice = services.restart_notice(contest=contest, actor=request.user,
                                         reason=data.get("reason", ""))
        return Response(NoticeDetailSerializer(selectors.get_notice(notice.pk)).data,
                        status=status.HTTP_201_CREATED)
