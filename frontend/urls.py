"""Pages. Public pages and the worker's pages are here; judges' and organizers' pages add
one `include` line each (frontend/judge/, frontend/console/)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .worker import accounts as worker_accounts

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", worker_accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("verify/", views.verify_certificate, name="verify"),
    path("verify/<str:number>", views.verify_certificate, name="verify-certificate"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/received/", views.objection_received,
         name="notice-objection-received"),
    path("notices/<int:pk>/objections/", views.notice_objections, name="notice-objections"),
    path("contests/<int:pk>/results/", views.contest_results, name="contest-results"),
    path("console/", include("frontend.console.urls")),
    path("judge/", include("frontend.judge.urls")),
    path("", include("frontend.worker.urls")),
]
