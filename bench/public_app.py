"""The server side of bench/public.py: the project's URLs plus one trivial view
(`GET /bench/constant/`: a constant answer, no database, no cache), the floor a Django
answer costs under the same server, middleware and client. Never part of the product's
URLs (bench/public_settings.py points ROOT_URLCONF here)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as product_urls


def constant(request):
    return HttpResponse(b'{"ok": true}', content_type="application/json")


urlpatterns = [path("bench/constant/", constant), *product_urls]
