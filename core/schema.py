"""The OpenAPI schema's defaults for every app (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])."""

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator as BaseSchemaGenerator
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .renderers import FileRenderer


class DetailErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class StateErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    state = serializers.CharField(required=False, help_text="The state that forbids it.")


# The error answers every app documents, one set (README, "API conventions").
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad input: {"<field or path in the body>": ["message", ...]}, every wrong '
                'field named (nested paths such as "stages[0].criteria[1].max_score"; a '
                'score error is keyed "scores.<criterion id>" and names the criterion).',
)
NOT_LOGGED_IN = OpenApiResponse(DetailErrorSerializer, description="Not logged in.")
FORBIDDEN = OpenApiResponse(DetailErrorSerializer, description="Not allowed for your role.")
NOT_FOUND = OpenApiResponse(DetailErrorSerializer,
                            description="Missing, or not visible to you.")
CONFLICT = OpenApiResponse(
    StateErrorSerializer,
    description='Not possible in the current state: {"detail", "state"}; also an '
                'Idempotency-Key reused with a different body (state '
                '"idempotency_conflict").',
)
THROTTLED = OpenApiResponse(DetailErrorSerializer,
                            description="Too many requests from this client; retry later.")
ORGANIZER_ERRORS = {401: NOT_LOGGED_IN, 403: FORBIDDEN, 404: NOT_FOUND}
INVALID_PAGE = OpenApiResponse(OpenApiTypes.OBJECT,
                               description='No such page: {"detail": "Invalid page."}.')
BAD_QUERY = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Bad query: {"<query parameter>": ["message", ...]}, e.g. a filter value '
                'that is not one of its choices, a number or true/false, or a page_size '
                'that is not a whole number from 1 up.',
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The body is in a media type the operation does not take (JSON; multipart "
                "for file uploads), or has none: {\"detail\"}.",
)
PAYLOAD_TOO_LARGE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The body is larger than its limit (JSON: 1 MiB; a file: 10 MB; an .xlsx "
                "that unpacks to more than 50 MB): {\"detail\"} or {\"file\": [message]}.",
)
WRITES = ("POST", "PUT", "PATCH")


class AutoSchema(BaseAutoSchema):
    """Answers that DRF itself gives, documented on every operation that can get them:
    - a paginated list: the 404 its paginator answers for a page past the end (`?page=0`,
      `?page=99`), unless the view documents a 404 of its own, and the 400 for a bad
      `?page_size=` or filter value (`core.pagination`, `core.filters`);
    - a write: the 415 for a body in a media type its parsers do not take, and the 413 for
      a body over its size limit (`core.parsers`, `core.uploads`);
    - an error of an endpoint that answers a file: in JSON only, never the file's type.
    (Views that `extend_schema(responses=...)` replace `get_response_serializers`, hence
    this hook.)"""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if (
            self.method == "GET"
            and self._get_paginator() is not None and self._is_list_view()
        ):
            if "404" not in responses:
                responses["404"] = self._get_response_for_code(INVALID_PAGE, "404",
                                                               direction=direction)
            if "400" not in responses:
                responses["400"] = self._get_response_for_code(BAD_QUERY, "400",
                                                               direction=direction)
        if self.method in WRITES and "415" not in responses:
            responses["415"] = self._get_response_for_code(UNSUPPORTED_MEDIA_TYPE, "415",
                                                           direction=direction)
        if self.method in WRITES and "413" not in responses:
            responses["413"] = self._get_response_for_code(PAYLOAD_TOO_LARGE, "413",
                                                           direction=direction)
        # An error from an endpoint that answers a file is JSON only (core.api).
        file_types = {renderer.media_type for renderer in self.view.get_renderers()
                      if isinstance(renderer, FileRenderer)}
        for code, body in responses.items():
            if str(code)[0] in "45":
                for media_type in file_types:
                    body.get("content", {}).pop(media_type, None)
        return responses



class SchemaGenerator(BaseSchemaGenerator):
    """The schema in English, whoever asks and in whatever language (SPECTACULAR_SETTINGS
    "DEFAULT_GENERATOR_CLASS"): the served `/api/schema/` and `manage.py spectacular` both
    generate through it, so a generated client's names never change with the language.
    The result holds plain strings (drf-spectacular resolves lazy translations inside)."""

    def get_schema(self, request=None, public=False):
        with translation.override("en"):
            return super().get_schema(request=request, public=public)
