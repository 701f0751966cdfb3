"""Contests: list, create, read, edit while draft, and move through the state machine."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import PermissionDenied
from core.idempotency import idempotent
from core.input import parse

from .. import selectors, services
from ..models import Contest
from ..permissions import ReadOnlyOrContestManager, can_manage_contests
from ..serializers import (
    ContestSerializer,
    ContestTransitionSerializer,
    ContestWriteSerializer,
    merge_edit,
)
from .schema import BAD_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, NOT_LOGGED_IN

TAGS = ["contests"]


def _render(request, contest_id: int) -> dict:
    return ContestSerializer(selectors.get_visible_contest(request.user, contest_id)).data


def _require_manager(user) -> None:
    if not can_manage_contests(user):
        raise PermissionDenied()


class ContestListView(generics.ListAPIView):
    """Organizers see every contest; everyone else (anonymous too) the public ones."""

    permission_classes = [ReadOnlyOrContestManager]
    serializer_class = ContestSerializer
    queryset = Contest.objects.none()
    filterset_fields = ["kind", "year", "state"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contest.objects.none()
        return selectors.visible_contests(self.request.user)

    # Public: drf-spectacular sees no AllowAny in ReadOnlyOrContestManager, so the
    # anonymous alternative ({}) is named here.
    @extend_schema(tags=TAGS, auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
                   responses={200: ContestSerializer(many=True), 400: BAD_INPUT})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, request=ContestWriteSerializer,
        responses={201: ContestSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 409: CONFLICT},
    )
    @idempotent
    def post(self, request):
        data = parse(ContestWriteSerializer, request.data)
        contest = services.create_contest(actor=request.user, data=data)
        return Response(_render(request, contest.pk), status=status.HTTP_201_CREATED)


class ContestDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(tags=TAGS, responses={200: ContestSerializer, 404: NOT_FOUND})
    def get(self, request, pk: int):
        return Response(_render(request, pk))

    @extend_schema(
        tags=TAGS, request=ContestWriteSerializer,
        description="Edit a draft. Top-level keys replace, `eligibility` merges; a nested "
                    "list (tracks, stages, tiers, criteria) is the whole new list: items "
                    "with an `id` are kept and updated, items without are created, the rest "
                    "deleted. The result is validated as a whole.",
        responses={200: ContestSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def patch(self, request, pk: int):
        contest = selectors.get_visible_contest(request.user, pk)
        _require_manager(request.user)
        services.ensure_editable(contest)
        body = merge_edit(selectors.contest_body(contest), request.data)
        data = parse(ContestWriteSerializer, body)
        services.update_contest(contest=contest, actor=request.user, data=data)
        return Response(_render(request, pk))


class ContestTransitionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS, request=ContestTransitionSerializer,
        responses={200: ContestSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    @idempotent
    def post(self, request, pk: int):
        contest = selectors.get_visible_contest(request.user, pk, with_structure=False)
        _require_manager(request.user)
        data = parse(ContestTransitionSerializer, request.data)
        services.transition_contest(contest=contest, action=data["action"],
                                    actor=request.user, reason=data["reason"])
        return Response(_render(request, pk))
