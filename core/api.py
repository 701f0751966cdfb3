"""API plumbing shared by every app: error mapping, idempotent writes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .input import flatten_errors


def exception_handler(exc, context):
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
