"""The server side of bench/submit.py: the project's settings and URLs plus one minimal view
(`POST /bench/insert/`: one INSERT, no authentication), the baseline the scorecard submit
is compared with under the same server and client. Never part of the product's URLs."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as product_urls

TABLE = "bench_insert"


@csrf_exempt
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse(b'{"ok": true}', content_type="application/json")


urlpatterns = [path("bench/insert/", insert), *product_urls]
