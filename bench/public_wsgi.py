"""The WSGI entry of the bench/public.py server: the project's, with the URLconf (and so
every view module) imported up front, so that with `gunicorn --preload` the workers fork
warm. On this loaded machine a worker importing them on its first request under wrk took
longer than gunicorn's timeout and was killed, again and again."""

from django.urls import get_resolver

from config.wsgi import application  # noqa: F401

get_resolver().url_patterns  # noqa: B018
