"""Accounts API views: parse, check permission, call a service or selector, serialize."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InvalidInput, NotFound
from core.idempotency import idempotent
from core.input import parse
from core.permissions import IsOrganizer
from core.schema import BAD_INPUT, CONFLICT, FORBIDDEN, NOT_FOUND, NOT_LOGGED_IN
from core.uploads import InMemoryMultiPartParser

from . import selectors, services, user_edits
from .filters import EnterpriseFilter, UserFilter
from .permissions import can_view_user
from .serializers import (
    EnterpriseCreateSerializer,
    EnterpriseSerializer,
    ImportJobSerializer,
    ImportRejectedSerializer,
    ImportResultSerializer,
    MeUpdateSerializer,
    RegisterSerializer,
    RevealedIdSerializer,
    RevealIdSerializer,
    RosterUploadSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserCreateSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from .throttling import REGISTRATION_SCOPE, REGISTRATION_THROTTLES

TAG = "accounts"


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=[TAG], request=TokenRequestSerializer,
        responses={
            200: TokenSerializer, 400: BAD_INPUT,
            429: OpenApiResponse(OpenApiTypes.OBJECT, description="Locked out for a while "
                                 "after too many failed attempts."),
        },
    )
    def post(self, request):
        data = parse(TokenRequestSerializer, request.data)
        # django-axes counts failures and locks out through the authentication backend,
        # which needs the request; it flags this (DRF) request when the caller is locked out.
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": _("Too many failed login attempts; try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            raise InvalidInput(_("Wrong username or password."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class RegisterView(APIView):
    """A worker signs up."""

    permission_classes = [AllowAny]
    # Per address (high enough for a crowd on one Wi-Fi), per phone, per ID number.
    throttle_classes = list(REGISTRATION_THROTTLES)
    throttle_scope = REGISTRATION_SCOPE

    @extend_schema(
        tags=[TAG], request=RegisterSerializer,
        responses={201: UserSerializer, 400: BAD_INPUT,
                   429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many sign-ups.")},
    )
    def post(self, request):
        user = services.register_worker(**parse(RegisterSerializer, request.data))
        user = selectors.user_detail(user.pk)
        body = UserSerializer(user, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MeView(APIView):
    @extend_schema(tags=[TAG], responses={200: UserSerializer, 401: NOT_LOGGED_IN})
    def get(self, request):
        user = selectors.user_detail(request.user.pk)
        return Response(UserSerializer(user, context={"request": request}).data)

    @extend_schema(tags=[TAG], request=MeUpdateSerializer,
                   responses={200: UserSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN})
    def patch(self, request):
        data = parse(MeUpdateSerializer, request.data)
        if "preferred_language" in data:
            services.set_preferred_language(user=request.user,
                                            language=data["preferred_language"])
        user = selectors.user_detail(request.user.pk)
        return Response(UserSerializer(user, context={"request": request}).data)


class UserListView(GenericAPIView):
    permission_classes = [IsOrganizer]
    serializer_class = UserSerializer
    filterset_class = UserFilter

    def get_queryset(self):
        return selectors.users_with_details()

    @extend_schema(tags=[TAG], responses={200: UserSerializer(many=True), 400: BAD_INPUT,
                                          401: NOT_LOGGED_IN, 403: FORBIDDEN})
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=[TAG], request=UserCreateSerializer,
        responses={201: UserSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN, 403: FORBIDDEN,
                   409: CONFLICT},
    )
    @idempotent
    def post(self, request):
        data = parse(UserCreateSerializer, request.data)
        user = services.create_user(actor=request.user, **data)
        body = self.get_serializer(selectors.user_detail(user.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


def _visible_user(request, user_id: int):
    user = selectors.user_detail(user_id)
    if user is None or not can_view_user(request.user, user):
        raise NotFound()
    return user


class UserDetailView(APIView):
    @extend_schema(tags=[TAG], responses={200: UserSerializer, 401: NOT_LOGGED_IN,
                                          404: NOT_FOUND})
    def get(self, request, pk: int):
        user = _visible_user(request, pk)
        return Response(UserSerializer(user, context={"request": request}).data)

    @extend_schema(
        tags=[TAG], request=UserUpdateSerializer,
        description=("A worker edits their own e-mail, language and profile fields; an "
                     "organizer anyone's, and names and phones too. Only the fields sent "
                     "change; all or nothing."),
        responses={200: UserSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN, 404: NOT_FOUND},
    )
    def patch(self, request, pk: int):
        data = dict(parse(UserUpdateSerializer, request.data))
        profile = data.pop("profile", None)
        user_edits.update_user(actor=request.user, user_id=pk, changes=data, profile=profile)
        user = selectors.user_detail(pk)
        return Response(UserSerializer(user, context={"request": request}).data)


class RevealIdView(APIView):
    """Show a worker's full ID number to an organizer who gives a reason (audited)."""

    permission_classes = [IsOrganizer]

    @extend_schema(
        tags=[TAG], request=RevealIdSerializer,
        description=(
            "Every other response shows ID numbers masked (3213**********1234), to "
            "organizers too. An organizer who needs the full number asks here with a reason; "
            "each reveal is an audit event (pii.viewed) with who, whose and why."
        ),
        responses={200: RevealedIdSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk: int):
        user = _visible_user(request, pk)
        profile = getattr(user, "worker_profile", None)
        if profile is None:
            raise NotFound(_("This user has no worker profile."))
        reason = parse(RevealIdSerializer, request.data)["reason"]
        number = services.reveal_id_number(actor=request.user, profile=profile, reason=reason)
        return Response({"id": user.pk, "id_number": number})


class EnterpriseListView(GenericAPIView):
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsOrganizer()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return selectors.enterprises_with_union()

    @extend_schema(tags=[TAG], responses={200: EnterpriseSerializer(many=True), 400: BAD_INPUT,
                                          401: NOT_LOGGED_IN})
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=[TAG], request=EnterpriseCreateSerializer,
        responses={201: EnterpriseSerializer, 400: BAD_INPUT, 401: NOT_LOGGED_IN,
                   403: FORBIDDEN, 409: CONFLICT},
    )
    @idempotent
    def post(self, request):
        data = parse(EnterpriseCreateSerializer, request.data)
        enterprise = services.create_enterprise(actor=request.user, **data)
        return Response(self.get_serializer(enterprise).data, status=status.HTTP_201_CREATED)


class RosterImportView(APIView):
    """Import workers from a union's .xlsx roster: all rows or none."""

    permission_classes = [IsOrganizer]
    # A file travels only in multipart: a urlencoded form cannot carry one.
    parser_classes = [InMemoryMultiPartParser]

    @extend_schema(
        tags=[TAG], request=RosterUploadSerializer,
        description=(
            "Columns (Chinese or English headers): 姓名/name, 手机号/phone, 身份证号/id_number, "
            "行业/industry, 企业/enterprise (name or credit code), 是否工会会员/union_member, "
            "政治面貌/political_status, 从业年限/years. All rows or none. Imported workers log "
            "in with their phone number as username; their password is unusable until they "
            "set one. Up to 500 rows: imported now (201). More: a job (202) whose progress "
            "GET /api/imports/{id}/ shows."
        ),
        responses={
            201: ImportResultSerializer,
            202: OpenApiResponse(ImportJobSerializer, description="Large file: queued; "
                                 "follow GET /api/imports/{id}/."),
            400: OpenApiResponse(ImportRejectedSerializer, description="Bad rows, each with "
                                 "row and field (nothing imported), or {file: [message]}."),
            401: NOT_LOGGED_IN, 403: FORBIDDEN, 409: CONFLICT,
        },
    )
    @idempotent
    def post(self, request):
        upload = parse(RosterUploadSerializer, request.data)["file"]
        outcome = services.import_roster(actor=request.user, file=upload)
        if outcome.job is not None:
            return Response(ImportJobSerializer(outcome.job).data, status=status.HTTP_202_ACCEPTED)
        return Response({"created": outcome.created, "errors": []}, status=status.HTTP_201_CREATED)


class ImportJobView(APIView):
    permission_classes = [IsOrganizer]

    @extend_schema(tags=[TAG], responses={200: ImportJobSerializer, 401: NOT_LOGGED_IN,
                                          403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request, pk: int):
        job = selectors.import_job(pk)
        if job is None:
            raise NotFound()
        return Response(ImportJobSerializer(job).data)
