"""The API's JSON parser: DRF's, with a size cap and a nesting cap checked before parsing.

Python's `json` recurses once per nesting level, so a body of a thousand "[" (2 KB) ends
in RecursionError, a 500, on any JSON endpoint. Here a body nested deeper than
`JSON_MAX_DEPTH` is a 400 before `json` sees it, and a body larger than `JSON_MAX_BYTES`
is a 413 after reading at most that many bytes (no endpoint takes more than a few
kilobytes of JSON; files go through multipart uploads, which have their own limits).
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json as drf_json

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 32
# Strings may hold brackets: a token is a string (to its closing quote, or to the end of
# an unterminated one, so no match is ever retried: linear time) or a bracket.
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.DOTALL)


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (0 for a scalar)."""
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        max_bytes = getattr(settings, "JSON_MAX_BYTES", DEFAULT_MAX_BYTES)
        max_depth = getattr(settings, "JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)
        raw = stream.read(max_bytes + 1) if stream is not None else b""
        if len(raw) > max_bytes:
            raise PayloadTooLarge(
                _("The request body is larger than %(limit)d bytes.") % {"limit": max_bytes})
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(
                _("The request body is not valid text in its declared encoding.")) from None
        if nesting_depth(text) > max_depth:
            raise ParseError(
                _("JSON nested deeper than %(limit)d levels.") % {"limit": max_depth})
        try:
            constant = drf_json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
