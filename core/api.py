"""API plumbing shared by every app: error mapping, idempotent writes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .input import flatten_errors
from .renderers import FileRenderer


def exception_handler(exc, context):
    response = _error_response(exc, context)
    request = context.get("request")
    if response is not None and isinstance(getattr(request, "accepted_renderer", None),
                                           FileRenderer):
        # An endpoint that answers a file (Accept: application/pdf, ?format=xlsx) answers
        # its errors as JSON, labelled as JSON: finalize_response renders with these.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def _error_response(exc, context):
    if isinstance(exc, DomainError):
        return Response(exc.as_data(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            data = {"detail": [str(m) for m in exc.messages]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DrfValidationError) and isinstance(exc.detail, dict):
        # One 400 shape (core.input): flat paths, however the error was raised.
        return Response(flatten_errors(exc.detail), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
