"""Error answers: JSON under /api/ (clients parse them), pages elsewhere."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


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
