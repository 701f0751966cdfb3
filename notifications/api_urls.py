from django.urls import path

from . import api

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="notification-list"),
    path("notifications/unread-count/", api.UnreadCountView.as_view(),
         name="notification-unread-count"),
    path("notifications/read-all/", api.NotificationReadAllView.as_view(),
         name="notification-read-all"),
    path("notifications/<int:pk>/read/", api.NotificationReadView.as_view(),
         name="notification-read"),
]
