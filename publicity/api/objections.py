"""Objections as organizers see them, and their resolution."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.filters import FilterSet, IdFilter
from core.idempotency import idempotent
from core.input import parse
from core.permissions import IsOrganizer

from .. import selectors, services
from ..models import Objection
from ..serializers import ObjectionSerializer, ResolveRequestSerializer
from .schema import BAD_INPUT, CONFLICT, ORGANIZER_ERRORS, TAG


class ObjectionFilter(FilterSet):
    contest = IdFilter(field_name="notice__contest")

    class Meta:
        model = Objection
        fields = ["notice", "status", "contest"]


class ObjectionListView(generics.ListAPIView):
    """Every objection with the objector's name and contact (organizers). Filter by
    `notice`, `contest`, `status`."""

    permission_classes = [IsOrganizer]
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilter
    queryset = Objection.objects.none()

    def get_queryset(self):
        return selectors.objections_for(self.request.user)

    @extend_schema(tags=[TAG], responses={200: ObjectionSerializer(many=True), 400: BAD_INPUT,
                                          **ORGANIZER_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ObjectionDetailView(APIView):
    permission_classes = [IsOrganizer]

    @extend_schema(tags=[TAG], responses={200: ObjectionSerializer, **ORGANIZER_ERRORS})
    def get(self, request, pk):
        objection = selectors.objections_for(request.user).filter(pk=pk).first()
        if objection is None:
            raise NotFound()
        return Response(ObjectionSerializer(objection).data)


class ObjectionResolveView(APIView):
    permission_classes = [IsOrganizer]

    @extend_schema(
        tags=[TAG], request=ResolveRequestSerializer,
        description="Uphold or dismiss a pending objection with a written resolution "
                    "(required). 409 when it was already resolved.",
        responses={200: ObjectionSerializer, 400: BAD_INPUT, 409: CONFLICT,
                   **ORGANIZER_ERRORS},
    )
    @idempotent
    def post(self, request, pk):
        data = parse(ResolveRequestSerializer, request.data)
        objection = services.resolve_objection(
            objection_id=pk, decision=data["decision"],
            resolution=data.get("resolution", ""), actor=request.user,
            line=data.get("line"),
        )
        return Response(ObjectionSerializer(objection).data)
