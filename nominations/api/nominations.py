"""Nominations: a round's list and manual proposals, one nomination, reviews, withdrawal,
promotion of a reserve, the nominee's answer and their own list."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from core.input import parse

from .. import selectors, services
from ..models import Nomination
from ..permissions import OrganizerElseNotFound
from ..serializers import (
    ManualProposalSerializer,
    NominationReasonSerializer,
    NominationSerializer,
    RespondSerializer,
    ReviewRequestSerializer,
)
from .schema import BAD_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, NOT_LOGGED_IN, ORGANIZER_ERRORS, TAG


class RoundNominationsView(generics.ListAPIView):
    """A round's nominations ranked by composite score within each post; filter `post`,
    `status`."""

    permission_classes = [OrganizerElseNotFound]
    serializer_class = NominationSerializer
    queryset = Nomination.objects.none()
    filterset_fields = ["post", "status", "source"]

    def get_queryset(self):
        return selectors.nominations_of(selectors.find_round(self.kwargs["pk"]))

    @extend_schema(tags=[TAG], responses={200: NominationSerializer(many=True),
                                          400: BAD_INPUT, **ORGANIZER_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=[TAG], request=ManualProposalSerializer,
        description="An organizer proposes a worker for a post with a reason; eligibility "
                    "is checked at once and the worker is notified. A second nomination of "
                    "the same worker for the same post is a 409 naming the first "
                    "(`nomination`).",
        responses={201: NominationSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        round_ = selectors.find_round(pk)
        data = parse(ManualProposalSerializer, request.data)
        nomination = services.propose_manual(round_=round_, worker_id=data["worker"],
                                             post=data["post"], reason=data["reason"],
                                             actor=request.user)
        body = NominationSerializer(selectors.visible_nomination(request.user, nomination.pk),
                                    context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class NominationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=[TAG], responses={200: NominationSerializer, 401: NOT_LOGGED_IN,
                                          404: NOT_FOUND})
    def get(self, request, pk):
        nomination = selectors.visible_nomination(request.user, pk)
        return Response(NominationSerializer(nomination, context={"request": request}).data)


def _answer(request, nomination) -> Response:
    fresh = selectors.visible_nomination(request.user, nomination.pk)
    return Response(NominationSerializer(fresh, context={"request": request}).data)


def _organizers_nomination(request, pk) -> Nomination:
    return selectors.visible_nomination(request.user, pk)


class NominationReviewView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=ReviewRequestSerializer,
        description="Union review (eligible → union_approved | rejected), then committee "
                    "review (union_approved → committee_approved | rejected). Eligibility is "
                    "re-checked first; a rejection needs a reason. 409 for any move the "
                    "status forbids, an exclusive post already approved, or a failed "
                    "re-check.",
        responses={200: NominationSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        nomination = _organizers_nomination(request, pk)
        data = parse(ReviewRequestSerializer, request.data)
        services.review(nomination=nomination, stage=data["stage"], decision=data["decision"],
                        reason=data.get("reason", ""), actor=request.user)
        return _answer(request, nomination)


class NominationWithdrawView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(tags=[TAG], request=NominationReasonSerializer,
                   responses={200: NominationSerializer, 400: BAD_INPUT, 409: CONFLICT,
                              **ORGANIZER_ERRORS})
    @idempotent
    def post(self, request, pk):
        nomination = _organizers_nomination(request, pk)
        data = parse(NominationReasonSerializer, request.data)
        services.withdraw(nomination=nomination, actor=request.user, reason=data["reason"])
        return _answer(request, nomination)


class NominationPromoteView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=None,
        description="Put the best-ranked reserve of a post on the list while the round is in "
                    "notice and the post has a free place; then restart the notice.",
        responses={200: NominationSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS})
    @idempotent
    def post(self, request, pk):
        nomination = _organizers_nomination(request, pk)
        services.promote(nomination=nomination, actor=request.user)
        return _answer(request, nomination)


class NominationRecheckView(APIView):
    permission_classes = [OrganizerElseNotFound]

    @extend_schema(
        tags=[TAG], request=None,
        description="Check eligibility again now (e.g. after a profile was corrected).",
        responses={200: NominationSerializer, 409: CONFLICT, **ORGANIZER_ERRORS})
    def post(self, request, pk):
        nomination = _organizers_nomination(request, pk)
        services.recheck(nomination=nomination, actor=request.user)
        return _answer(request, nomination)


class NominationRespondView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG], request=RespondSerializer,
        description="The nominee accepts or declines; declining withdraws the nomination "
                    "(“declined by the worker”). Anyone but the nominee: 404.",
        responses={200: NominationSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT})
    @idempotent
    def post(self, request, pk):
        nomination = selectors.visible_nomination(request.user, pk)
        data = parse(RespondSerializer, request.data)
        services.respond(nomination=nomination, actor=request.user, accept=data["accept"])
        return _answer(request, nomination)


class MyNominationsView(generics.ListAPIView):
    """The caller's own nominations, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = NominationSerializer
    queryset = Nomination.objects.none()

    def get_queryset(self):
        return selectors.nominations_of_worker(self.request.user)

    @extend_schema(tags=[TAG], responses={200: NominationSerializer(many=True),
                                          401: NOT_LOGGED_IN})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
