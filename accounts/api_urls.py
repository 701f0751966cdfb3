from django.urls import path

from . import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("auth/register/", api.RegisterView.as_view(), name="api-register"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("users/", api.UserListView.as_view(), name="api-users"),
    path("users/<int:pk>/", api.UserDetailView.as_view(), name="api-user"),
    path("users/<int:pk>/reveal-id/", api.RevealIdView.as_view(), name="api-user-reveal-id"),
    path("enterprises/", api.EnterpriseListView.as_view(), name="api-enterprises"),
    path("imports/workers/", api.RosterImportView.as_view(), name="api-import-workers"),
    path("imports/<int:pk>/", api.ImportJobView.as_view(), name="api-import-job"),
]
