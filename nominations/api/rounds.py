"""Nomination rounds: list, create, read, edit while open, transitions, decisions, the
notice restart and the export of the recommended list. Organizers only (anyone else
logged in: 404)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import private_download
from core.idempotency import idempotent
from core.input import parse
from publicity import selectors as publicity_selectors
from publicity.api.schema import XlsxRenderer
from publicity.serializers import NoticeDetailSerializer

from .. import selectors, services
from ..exports import export_round
from ..models import NominationRound
from ..permissions import OrganizerElseNotFound
from ..serializers import (
    DecisionOutSerializer,
    DecisionSerializer,
    RestartSerializer,
    RoundInputSerializer,
    RoundSerializer,
    RoundTransitionSerializer,
)
from ..transitions import transition_round
from .schema import BAD_INPUT, CONFLICT, ORGANIZER_ERRORS, TAG


def _sources(data: dict) -> dict:
    if "sources" in data:
        data["sources"] = [dict(source) for source in data["sources"]]
    if "rules" in data:
        data["rules"] = {post: dict(rule) for post, rule in data["rules"].items()}
    return data


class RoundListView(generics.ListAPIView):
    permission_classes = [OrganizerElseNotFound]
    serializer_class = RoundSerializer
    queryset = NominationRound.objects.none()
    filterset_fields = ["state"]

    def get_queryset(self):
        return selectors.rounds()

    @extend_schema(tags=[TAG], responses={200: RoundSerializer(many=True), 400: BAD_INPUT,
                                          **ORGANIZER_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG], request=RoundInputSerializer,
        description="A round with its quotas and rules per post, exclusive post groups and "
                    "source contests. Source contests already final are proposed from at "
                    "once.",
        responses={201: RoundSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request):
        data = _sources(parse(RoundInputSerializer, request.data))
        round_ = services.create_round(actor=request.user, **data)
        return Response(RoundSerializer(selectors.get_round(round_.pk)).data,
                        status=status.HTTP_201_CREATED)


class RoundDetailView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(tags=[TAG], responses={200: RoundSerializer, **ORGANIZER_ERRORS})
    def get(self, request, pk):
        return Response(RoundSerializer(selectors.get_round(pk)).data)

    @extend_schema(
        tags=[TAG], request=RoundInputSerializer,
        description="Change the fields given (quotas and rules replace the posts' setup, "
                    "sources the whole list). Only while the round is `open` (else 409).",
        responses={200: RoundSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    def patch(self, request, pk):
        round_ = selectors.get_round(pk)
        data = _sources(parse(RoundInputSerializer, request.data, partial=True))
        services.update_round(round_=round_, actor=request.user, changes=data)
        return Response(RoundSerializer(selectors.get_round(pk)).data)


class RoundTransitionView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=RoundTransitionSerializer,
        description="`open_notice`: per post, the top committee-approved nominations by "
                    "composite up to the quota go on notice, the rest to `reserve` (409 "
                    "while a tie across the quota or a composition shortfall is undecided). "
                    "`finalize`: after the notice ended with nothing pending or upheld "
                    "(else 409); the nominees become `recommended`. `cancel`: before final. "
                    "An action whose target is the current state is a no-op answered 200.",
        responses={200: RoundSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        round_ = selectors.get_round(pk)
        data = parse(RoundTransitionSerializer, request.data)
        transition_round(round_=round_, action=data["action"], actor=request.user,
                         reason=data.get("reason", ""))
        return Response(RoundSerializer(selectors.get_round(pk)).data)


class RoundDecideView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=DecisionSerializer,
        description="Name who goes on notice for a post the ranking cannot settle: with a "
                    "tie across the quota, everyone ranked clearly inside plus a choice "
                    "from the tie; with a composition shortfall, any list of at most the "
                    "quota that meets `min_non_party_share`. 409 when nothing needs "
                    "deciding or the round is past `open`.",
        responses={201: DecisionOutSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        round_ = selectors.get_round(pk)
        data = parse(DecisionSerializer, request.data)
        decision = services.decide(round_=round_, post=data["post"],
                                   nominations=data["nominations"], reason=data["reason"],
                                   actor=request.user)
        return Response(DecisionOutSerializer(decision).data, status=status.HTTP_201_CREATED)


class RoundNoticeRestartView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=RestartSerializer,
        description="After an upheld objection (and a promoted reserve, if any): supersede "
                    "the live notice and open the next round with a fresh period and the "
                    "current list. 409 unless the round is in notice with an objection "
                    "upheld and none pending.",
        responses={201: NoticeDetailSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        round_ = selectors.get_round(pk)
        data = parse(RestartSerializer, request.data)
        notice = services.restart_round_notice(round_=round_, actor=request.user,
                                               reason=data.get("reason", ""))
        return Response(NoticeDetailSerializer(publicity_selectors.get_notice(notice.pk)).data,
                        status=status.HTTP_201_CREATED)


class RoundExportView(APIView):
    permission_classes = [OrganizerElseNotFound]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        tags=[TAG],
        description="The recommended list (推荐人选名册) as .xlsx: every cell text, landscape, "
                    "header row repeated on each printed page. Before the round is final it "
                    "lists the nominations on notice.",
        responses={(200, XlsxRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY),
                   **ORGANIZER_ERRORS},
    )
    def get(self, request, pk):
        round_ = selectors.get_round(pk)
        content = export_round(round_=round_, actor=request.user)
        return private_download(content, content_type=XlsxRenderer.media_type,
                                filename=f"nominees-{round_.pk}.xlsx")
