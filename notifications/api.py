"""The logged-in user's in-app notifications."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from core.filters import query_flag
from core.schema import NOT_FOUND, NOT_LOGGED_IN

from . import selectors, services
from .models import Notification
from .serializers import MarkedReadSerializer, NotificationSerializer, UnreadCountSerializer


@extend_schema(
    tags=["notifications"],
    parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL,
                                 description="true: only unread; false: only read")],
    responses={200: NotificationSerializer(many=True), 401: NOT_LOGGED_IN},
)
class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(
            self.request.user, unread=query_flag(self.request.query_params, "unread")
        )


class NotificationReadView(APIView):
    @extend_schema(tags=["notifications"], request=None,
                   responses={200: NotificationSerializer, 401: NOT_LOGGED_IN,
                              404: NOT_FOUND})
    def post(self, request, pk: int):
        notification = services.mark_read(user=request.user, notification_id=pk)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(tags=["notifications"], request=None,
                   responses={200: MarkedReadSerializer, 401: NOT_LOGGED_IN})
    def post(self, request):
        return Response({"updated": services.mark_all_read(user=request.user)})


class UnreadCountView(APIView):
    @extend_schema(tags=["notifications"],
                   responses={200: UnreadCountSerializer, 401: NOT_LOGGED_IN})
    def get(self, request):
        return Response({"unread": selectors.unread_count(request.user)})
