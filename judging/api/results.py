"""Progress, judge consistency and results."""

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.idempotency import idempotent
from core.input import parse
from core.pagination import PageNumberPagination
from core.permissions import IsOrganizer
from judging.permissions import can_see_results

from .. import selectors
from ..serializers import (
    ComputeQueuedSerializer,
    ComputeRequestSerializer,
    ConsistencySerializer,
    DecideRequestSerializer,
    ProgressSerializer,
    ResultsSerializer,
)
from ..services import results as results_service
from ..stages import current_stage, stage_of_contest
from .common import (
    BAD_INPUT,
    CONFLICT,
    JSON_ONLY,
    NOT_FOUND,
    ORGANIZER_ERRORS,
    STAGE_QUERY,
    TAG,
    BoundedIdMixin,
    get_contest,
)


def _stage(contest, request):
    stage_id = request.query_params.get("stage")
    stage = stage_of_contest(contest, stage_id) if stage_id else current_stage(contest)
    if stage is None:
        raise NotFound()
    return stage


class ProgressView(BoundedIdMixin, APIView):
    """Submitted / expected scorecards per judge and per entry of a stage."""

    permission_classes = [IsOrganizer]

    @extend_schema(tags=[TAG], parameters=[STAGE_QUERY],
                   responses={200: ProgressSerializer, 400: BAD_INPUT, **ORGANIZER_ERRORS})
    def get(self, request, pk):
        stage = _stage(get_contest(pk), request)
        report = selectors.progress(stage)
        return Response(ProgressSerializer({
            "stage": stage, "expected": report.expected, "submitted": report.submitted,
            "judges": report.judges, "entries": report.entries,
        }).data)


class ConsistencyView(BoundedIdMixin, APIView):
    """Each judge's mean, SD and mean deviation from the rest of the panel (flagged beyond
    2 SD), and Kendall's W, over the stage's submitted scorecards."""

    permission_classes = [IsOrganizer]

    @extend_schema(tags=[TAG], parameters=[STAGE_QUERY],
                   responses={200: ConsistencySerializer, 400: BAD_INPUT, **ORGANIZER_ERRORS})
    def get(self, request, pk):
        stage = _stage(get_contest(pk), request)
        found = selectors.consistency(stage)
        report = found.report
        return Response(ConsistencySerializer({
            "stage": stage,
            "judges": [{**asdict(j), "name": found.judge_names.get(j.judge_id, "")}
                       for j in report.judges],
            "kendalls_w": report.kendalls_w,
            "concordance_judges": list(report.concordance_judges),
            "concordance_entries": report.concordance_entries,
        }).data)


class ResultsView(BoundedIdMixin, APIView):
    """Ranked results of a stage (default: the final stage). Organizers once computed;
    everyone once the contest is published (names masked, and only with consent)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG],
        parameters=[
            OpenApiParameter("stage", OpenApiTypes.INT, required=False,
                             description="Default: the final stage (else the latest computed)."),
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
            OpenApiParameter("page_size", OpenApiTypes.INT, required=False),
        ],
        responses={
            200: ResultsSerializer, 400: BAD_INPUT, 404: NOT_FOUND,
            409: OpenApiResponse(OpenApiTypes.OBJECT, description=(
                'Judging has closed and the results are being computed: {"detail", '
                '"state": "results_ready"}; ask again shortly.')),
        },
    )
    def get(self, request, pk):
        contest = get_contest(pk)
        if not can_see_results(request.user, contest):
            raise NotFound()
        stage_id = request.query_params.get("stage")
        if stage_id is not None:
            stage_id = stage_of_contest(contest, stage_id).pk
        try:
            result_set = selectors.result_set_for(contest, stage_id)
        except NotFound:
            raise selectors.results_being_computed(contest) from None
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.result_rows(result_set), request, view=self)
        data = ResultsSerializer(
            {"result_set": result_set, "count": paginator.page.paginator.count,
             "next": paginator.get_next_link(), "previous": paginator.get_previous_link(),
             "results": page},
            context={"request": request},
        ).data
        return Response(data)


class DecideView(BoundedIdMixin, APIView):
    """Resolve a tie at a quota boundary: the listed entries receive `tier` (or, with
    `widen`, the whole tie receives it beyond its quota). Recorded with its reason, audited,
    and the results are recomputed."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=DecideRequestSerializer,
        responses={200: ResultsSerializer, 400: BAD_INPUT, 409: CONFLICT, **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = get_contest(pk)
        data = parse(DecideRequestSerializer, request.data)
        result_set = results_service.decide_tie(
            contest=contest, entry_ids=data["entries"], tier_id=data["tier"],
            reason=data["reason"], actor=request.user, widen=data["widen"],
        )
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.result_rows(result_set), request, view=self)
        return Response(ResultsSerializer(
            {"result_set": result_set, "count": paginator.page.paginator.count,
             "next": None, "previous": None, "results": page},
            context={"request": request},
        ).data)


class ComputeView(BoundedIdMixin, APIView):
    """Queue the computation of a stage's results (it also runs on `close_judging`)."""

    permission_classes = [IsOrganizer]
    parser_classes = JSON_ONLY

    @extend_schema(
        tags=[TAG], request=ComputeRequestSerializer,
        responses={202: ComputeQueuedSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        contest = get_contest(pk)
        data = parse(ComputeRequestSerializer, request.data)
        stage = results_service.request_computation(contest=contest,
                                                    stage_id=data.get("stage"))
        if stage is None:
            raise NotFound()
        return Response({"stage": stage.pk, "queued": True}, status=status.HTTP_202_ACCEPTED)
