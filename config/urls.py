from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts import views as accounts_views
from core.views import EnglishSchemaView, api_not_found

api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("contests.api_urls")),
    path("", include("judging.api_urls")),
    path("", include("publicity.api_urls")),
    path("", include("nominations.api_urls")),
    path("", include("notifications.api_urls")),
    path("schema/", EnglishSchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Last: every other /api/ path answers a JSON 404, DEBUG or not.
    re_path(r"^(?P<rest>.*)$", api_not_found),
]

urlpatterns = [
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
    # Django's set_language, which also stores a logged-in user's preferred language.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("", include("frontend.urls")),
]

admin.site.site_header = admin.site.site_title = _("County union contests and awards")

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
