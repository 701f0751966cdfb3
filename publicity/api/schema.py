"""Documented answers and renderers shared by the publicity views."""

from core.renderers import FileRenderer
from core.schema import (  # noqa: F401 - the views import them from here
    BAD_INPUT,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    NOT_LOGGED_IN,
    ORGANIZER_ERRORS,
    THROTTLED,
)

TAG = "publicity"


class PdfRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class XlsxRenderer(FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
