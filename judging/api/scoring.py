"""Panels, assignments, conflicts, scorecards and objective scores."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InvalidInput, NotFound, PermissionDenied
from core.idempotency import idempotent
from core.input import parse
from core.permissions import IsJudge, IsOrganizer, is_judge, is_organizer
from core.spreadsheet_uploads import open_workbook
from core.spreadsheet_uploads import rows as sheet_rows
from core.uploads import InMemoryMultiPartParser

from .. import selectors
from ..serializers import (
    AssignmentSerializer,
    AssignRequestSerializer,
    AssignRunSerializer,
    ConflictRequestSerializer,
    ConflictSerializer,
    ObjectiveImportRequestSerializer,
    ObjectiveImportSerializer,
    ObjectiveScoresRequestSerializer,
    ObjectiveScoresSerializer,
    PanelRequestSerializer,
    PanelSerializer,
    ReasonSerializer,
    ScorecardRequestSerializer,
    ScorecardSerializer,
)
from ..services import objective, panels, scorecards
from ..stages import current_stage, stage_of_contest
from .common import (
    BAD_INPUT,
    CONFLICT,
    FORBIDDEN,
    INVALID_PAGE,
    JSON_ONLY,
    NOT_FOUND,
    NOT_LOGGED_IN,
    ORGANIZER_ERRORS,
    TAG,
    BoundedIdMixin,
    filter_by_ids,
    get_contest,
)


def _id_filter(name):
    return OpenApiParameter(name, OpenApiTypes.INT, required=False)


class IsJudgeOrOrganizer(IsAuthenticated):
    def has_permission(self, request, view):
        return is_judge(request.user) or is_organizer(request.user)


class PanelView(BoundedIdMixin, APIView):
    """Set the judges of a stage (the pool auto-assignment draws from)."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=PanelRequestSerializer,
        responses={200: PanelSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = get_contest(pk)
        data = parse(PanelRequestSerializer, request.data)
        judges = panels.set_panel(
            contest=contest, stage_id=data["stage"], judge_ids=data["judges"], actor=request.user
        )
        return Response({"stage": data["stage"], "judges": judges})


class AssignView(BoundedIdMixin, APIView):
    """Auto-assign the stage's judgeable entries to its panel, with recusal (same
    enterprise, declared conflicts) and balanced load. 409 naming the entries when recusal
    leaves too few judges; nothing is written then."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=AssignRequestSerializer,
        responses={200: AssignRunSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = get_contest(pk)
        data = parse(AssignRequestSerializer, request.data)
        run = panels.auto_assign(
            contest=contest, stage_id=data["stage"], actor=request.user, seed=data.get("seed")
        )
        return Response(AssignRunSerializer({
            "assignments": run.assignments, "created": run.created, "kept": run.kept,
            "removed": run.removed, "per_judge": {str(k): v for k, v in run.per_judge.items()},
        }).data)


class ConflictView(BoundedIdMixin, APIView):
    """A judge declares a conflict of interest (回避) with an entry assigned to them; the
    entry moves to another eligible judge."""

    permission_classes = [IsJudge]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=ConflictRequestSerializer,
        responses={201: ConflictSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    @idempotent
    def post(self, request):
        data = parse(ConflictRequestSerializer, request.data)
        outcome = panels.declare_conflict(
            judge=request.user, entry_id=data["entry"], reason=data["reason"]
        )
        return Response(ConflictSerializer(outcome).data, status=status.HTTP_201_CREATED)


class AssignmentListView(GenericAPIView):
    """A judge's own assignments (organizers: all, filterable by `contest`, `stage`,
    `judge`). Blind contests show the entry code and never the worker's identity."""

    permission_classes = [IsJudgeOrOrganizer]
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        return filter_by_ids(
            selectors.visible_assignments(self.request.user), self.request.query_params,
            (("contest", "stage__contest_id"), ("stage", "stage_id"), ("judge", "judge_id")),
        )

    @extend_schema(
        tags=[TAG], parameters=[_id_filter("contest"), _id_filter("stage"), _id_filter("judge")],
        responses={200: AssignmentSerializer(many=True), 401: NOT_LOGGED_IN, 403: FORBIDDEN,
                   404: INVALID_PAGE},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AssignmentDetailView(BoundedIdMixin, APIView):
    permission_classes = [IsJudgeOrOrganizer]

    @extend_schema(tags=[TAG], responses={200: AssignmentSerializer, 401: NOT_LOGGED_IN,
                                          403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request, pk):
        assignment = selectors.visible_assignments(request.user).filter(pk=pk).first()
        if assignment is None:
            raise NotFound()
        return Response(AssignmentSerializer(assignment, context={"request": request}).data)


class AssignmentScorecardView(BoundedIdMixin, APIView):
    """The assigned judge's scorecard for an entry: read it, save a draft, submit."""

    permission_classes = [IsJudgeOrOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(tags=[TAG], responses={200: ScorecardSerializer, 401: NOT_LOGGED_IN,
                                          403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request, pk):
        card = selectors.visible_scorecards(request.user).filter(assignment_id=pk).first()
        if card is None:
            raise NotFound()
        return Response(ScorecardSerializer(card).data)

    @extend_schema(
        tags=[TAG], request=ScorecardRequestSerializer,
        responses={200: ScorecardSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    @idempotent
    def put(self, request, pk):
        if not is_judge(request.user):
            raise PermissionDenied()
        data = parse(ScorecardRequestSerializer, request.data)
        if data.get("clear"):
            card = scorecards.save_and_clear_scores(
                assignment_id=pk, judge=request.user, scores=data["scores"],
                clear=data["clear"], comment=data.get("comment"),
                expected_version=data.get("expected_version"),
            )
        else:
            card = scorecards.save_scorecard(
                assignment_id=pk, judge=request.user, scores=data["scores"],
                comment=data.get("comment"), submit=data["submit"],
                expected_version=data.get("expected_version"),
            )
        return Response(ScorecardSerializer(card).data)


class ScorecardListView(GenericAPIView):
    """Scorecards: a judge's own; all for organizers (filter by `contest`, `stage`,
    `entry`, `judge`, `state`)."""

    permission_classes = [IsJudgeOrOrganizer]
    serializer_class = ScorecardSerializer

    def get_queryset(self):
        params = self.request.query_params
        queryset = filter_by_ids(
            selectors.visible_scorecards(self.request.user), params,
            (("contest", "assignment__stage__contest_id"), ("stage", "assignment__stage_id"),
             ("entry", "assignment__entry_id"), ("judge", "assignment__judge_id")),
        )
        if params.get("state"):
            queryset = queryset.filter(state=params["state"])
        return queryset

    @extend_schema(
        tags=[TAG],
        parameters=[*(_id_filter(n) for n in ("contest", "stage", "entry", "judge")),
                    OpenApiParameter("state", OpenApiTypes.STR, enum=["draft", "submitted",
                                                                      "reopened"])],
        responses={200: ScorecardSerializer(many=True), 401: NOT_LOGGED_IN, 403: FORBIDDEN,
                   404: INVALID_PAGE},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ScorecardDetailView(BoundedIdMixin, APIView):
    permission_classes = [IsJudgeOrOrganizer]

    @extend_schema(tags=[TAG], responses={200: ScorecardSerializer, 401: NOT_LOGGED_IN,
                                          403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request, pk):
        card = selectors.visible_scorecards(request.user).filter(pk=pk).first()
        if card is None:
            raise NotFound()
        return Response(ScorecardSerializer(card).data)


class ReopenView(BoundedIdMixin, APIView):
    """Reopen a submitted scorecard so its judge can correct it; the submitted figures
    stay in the audit log."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=ReasonSerializer,
        responses={200: ScorecardSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        data = parse(ReasonSerializer, request.data)
        card = scorecards.reopen_scorecard(
            scorecard_id=pk, actor=request.user, reason=data["reason"]
        )
        return Response(ScorecardSerializer(card).data)


class ObjectiveScoresView(BoundedIdMixin, APIView):
    """Record an entry's objective figures (theory exam, time used)."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=ObjectiveScoresRequestSerializer,
        responses={200: ObjectiveScoresSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def put(self, request, pk):
        data = parse(ObjectiveScoresRequestSerializer, request.data)
        values = objective.record_objective_scores(
            entry_id=pk, scores=data["scores"], actor=request.user
        )
        return Response({"entry": int(pk),
                         "scores": {str(k): f"{v:.2f}" for k, v in values.items()}})


class ObjectiveImportView(BoundedIdMixin, APIView):
    """Import objective figures from an .xlsx: all rows or none; errors name the row and
    the column: `{"detail", "errors": [{"row", "column", "message"}]}`."""

    permission_classes = [IsOrganizer]
    parser_classes = [InMemoryMultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG], request={"multipart/form-data": ObjectiveImportRequestSerializer},
        responses={200: ObjectiveImportSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = get_contest(pk)
        data = parse(ObjectiveImportRequestSerializer, request.data)
        stage = (stage_of_contest(contest, data["stage"]) if "stage" in data
                 else current_stage(contest))
        if stage is None:
            raise InvalidInput(field="stage")
        workbook = open_workbook(data["file"], max_rows=objective.IMPORT_MAX_ROWS)
        try:
            if not workbook.worksheets:
                raise InvalidInput(_("Not an .xlsx file."), field="file")
            summary = objective.import_objective_scores(
                contest=contest, stage=stage, actor=request.user,
                rows=sheet_rows(workbook.worksheets[0], max_rows=objective.IMPORT_MAX_ROWS),
            )
        finally:
            workbook.close()
        return Response(ObjectiveImportSerializer(summary).data)


