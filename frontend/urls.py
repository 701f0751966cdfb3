from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/", views.verify_certificate, name="verify"),
    path("verify/<str:number>", views.verify_certificate, name="verify-certificate"),
    path("console/", include("frontend.console.urls")),
]
