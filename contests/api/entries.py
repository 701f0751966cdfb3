"""Entries: enter, list, read, edit a draft, submit, review, withdraw, add evidence."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import PermissionDenied
from core.idempotency import idempotent
from core.input import parse
from core.uploads import InMemoryMultiPartParser

from .. import permissions, selectors, services
from ..models import Entry
from ..serializers import (
    EntryAttachmentSerializer,
    EntryAttachmentUploadSerializer,
    EntryCreateSerializer,
    EntryFilter,
    EntryReviewSerializer,
    EntrySerializer,
    EntryUpdateSerializer,
    EntryWithdrawSerializer,
)
from .schema import BAD_INPUT, CONFLICT, FORBIDDEN, INELIGIBLE, NOT_FOUND, NOT_LOGGED_IN

TAGS = ["entries"]
ENTRY_WRITE_ERRORS = {400: BAD_INPUT, 401: NOT_LOGGED_IN, 403: FORBIDDEN, 404: NOT_FOUND,
                      409: CONFLICT}


def _render(request, entry_id: int) -> dict:
    return EntrySerializer(selectors.get_visible_entry(request.user, entry_id)).data


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


class ContestEntriesView(generics.ListAPIView):
    """A worker's own entries in the contest, or every entry for organizers (filter by
    `status`, `track`). Judges see entries only through their assignments: 403."""

    permission_classes = [IsAuthenticated]
    serializer_class = EntrySerializer
    queryset = Entry.objects.none()
    filterset_class = EntryFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        contest = selectors.get_visible_contest(self.request.user, self.kwargs["pk"],
                                                with_structure=False)
        _require(permissions.can_list_entries(self.request.user))
        return selectors.entries_in_contest(self.request.user, contest)

    @extend_schema(tags=TAGS, responses={200: EntrySerializer(many=True), 400: BAD_INPUT,
                                         401: NOT_LOGGED_IN, 403: FORBIDDEN,
                                         404: NOT_FOUND})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, request=EntryCreateSerializer,
        description="A worker enters for themselves with `{track, statement}`. An organizer "
                    "enters a worker with `{worker, track, statement, source}` (a union or "
                    "enterprise nomination). Both count against the contest's cap per "
                    "enterprise (400 `eligibility` with rule `enterprise_cap`).",
        responses={201: EntrySerializer, 400: INELIGIBLE, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    @idempotent
    def post(self, request, pk: int):
        contest = selectors.get_visible_contest(request.user, pk, with_structure=False)
        _require(permissions.can_enter(request.user))
        data = parse(EntryCreateSerializer, request.data)
        entry = services.create_entry(
            contest=contest, actor=request.user, track_id=data["track"],
            statement=data["statement"], worker_id=data.get("worker"), source=data["source"],
        )
        return Response(_render(request, entry.pk), status=status.HTTP_201_CREATED)


class EntryDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: EntrySerializer, 401: NOT_LOGGED_IN,
                                         404: NOT_FOUND})
    def get(self, request, pk: int):
        return Response(_render(request, pk))

    @extend_schema(tags=TAGS, request=EntryUpdateSerializer,
                   description="The worker edits a draft entry's statement or track.",
                   responses={200: EntrySerializer, **ENTRY_WRITE_ERRORS})
    def patch(self, request, pk: int):
        entry = selectors.get_visible_entry(request.user, pk)
        _require(permissions.can_edit_entry(request.user, entry))
        data = parse(EntryUpdateSerializer, request.data)
        services.update_entry(entry=entry, actor=request.user, statement=data.get("statement"),
                              track_id=data.get("track"))
        return Response(_render(request, pk))


class EntrySubmitView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS, request=None,
        description="Draft → submitted. Every eligibility rule is checked; a 400 lists "
                    "each failed rule. Submitting a submitted entry changes nothing.",
        responses={200: EntrySerializer, 400: INELIGIBLE, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    @idempotent
    def post(self, request, pk: int):
        entry = selectors.get_visible_entry(request.user, pk)
        _require(permissions.can_submit_entry(request.user, entry))
        services.submit_entry(entry=entry, actor=request.user)
        return Response(_render(request, pk))


class EntryReviewView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=EntryReviewSerializer,
                   description="Qualification review: qualify, or reject with a reason.",
                   responses={200: EntrySerializer, **ENTRY_WRITE_ERRORS})
    @idempotent
    def post(self, request, pk: int):
        entry = selectors.get_visible_entry(request.user, pk)
        _require(permissions.can_review_entry(request.user, entry))
        data = parse(EntryReviewSerializer, request.data)
        services.review_entry(entry=entry, actor=request.user, decision=data["decision"],
                              reason=data["reason"])
        return Response(_render(request, pk))


class EntryWithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, request=EntryWithdrawSerializer,
                   responses={200: EntrySerializer, **ENTRY_WRITE_ERRORS})
    @idempotent
    def post(self, request, pk: int):
        entry = selectors.get_visible_entry(request.user, pk)
        _require(permissions.can_withdraw_entry(request.user, entry))
        data = parse(EntryWithdrawSerializer, request.data)
        services.withdraw_entry(entry=entry, actor=request.user, reason=data["reason"])
        return Response(_render(request, pk))


class EntryAttachmentsView(APIView):
    permission_classes = [IsAuthenticated]
    # A file travels only in multipart: a urlencoded form cannot carry one.
    parser_classes = [InMemoryMultiPartParser]

    @extend_schema(
        tags=TAGS, request=EntryAttachmentUploadSerializer,
        description="Evidence: JPG, PNG or PDF (recognised by content), at most 10 MB, "
                    "while the entry is a draft or submitted and registration is open.",
        responses={201: EntryAttachmentSerializer, **ENTRY_WRITE_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        entry = selectors.get_visible_entry(request.user, pk)
        _require(permissions.can_edit_entry(request.user, entry))
        data = parse(EntryAttachmentUploadSerializer, request.data)
        attachment = services.add_attachment(entry=entry, actor=request.user,
                                             upload=data["file"])
        return Response(EntryAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
