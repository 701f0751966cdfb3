"""File uploads kept in memory, never in a temporary file.

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to the system temporary
folder; a worker killed mid-request (a gunicorn timeout) leaves that file behind, and a
roster holds ID numbers in clear. Every upload is small here (at most MAX_UPLOAD_BYTES),
so the API's multipart parser keeps it in memory, refuses anything larger with a 413 as
soon as the declared length or the bytes received say so, and nothing reaches the disk
until a service stores the checked file.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .parsers import PayloadTooLarge

# Every upload of the API travels in this field; a body too large to hold it is its fault.
UPLOAD_FIELD = "file"
# Multipart framing and the other form fields around the file.
ENVELOPE_BYTES = 64 * 1024


def _too_large(field: str | None = None) -> PayloadTooLarge:
    message = _("A file may be at most %(mb)d MB.") % {
        "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    return PayloadTooLarge({field: [message]} if field else message)


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, up to MAX_UPLOAD_BYTES."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.MAX_UPLOAD_BYTES + ENVELOPE_BYTES:
            raise _too_large(UPLOAD_FIELD)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.MAX_UPLOAD_BYTES:
            raise _too_large(self.field_name)
        self.file.write(raw_data)

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class InMemoryMultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser with `BoundedMemoryUploadHandler` as the only handler."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        handlers = [BoundedMemoryUploadHandler(request)]
        encoding = parsers.get_encoding(parser_context)
        try:
            data, files = DjangoMultiPartParser(meta, stream, handlers, encoding).parse()
        except MultiPartParserError as exc:
            raise ParseError(_("Multipart form parse error: %(error)s") % {"error": exc}) from None
        return parsers.DataAndFiles(data, files)
