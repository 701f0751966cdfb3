"""Error answers: JSON under /api/ (clients parse them), pages elsewhere."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("Server error. It has been logged.")}, status=500)
    return defaults.server_error(request, template_name="500.html")


@csrf_exempt  # it changes nothing: a POST to an unknown path is a 404, not a CSRF 403
def api_not_found(request, rest=""):
    """Any /api/ path no API view matches (the last /api/ pattern): JSON, with DEBUG on
    too (Django's debug 404 page would otherwise answer a client with HTML listing the URL
    patterns). A path missing only its final slash is redirected, as APPEND_SLASH would."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": _("Not found.")}, status=404)


class EnglishSchemaView(SpectacularAPIView):
    """The OpenAPI schema, always in English whatever the caller's language: one contract
    for every client (a generated client's names must not change with Accept-Language).
    The English is the generator's (`core.schema.SchemaGenerator`, which `manage.py
    spectacular` uses too). The docs page (Swagger UI) reads this same schema."""
