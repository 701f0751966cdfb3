"""`Idempotency-Key` for POST/PUT: the same key from the same user within 24 h replays the
first response; the same key with a different request is a 409.

The pending record is committed before the view runs, so a concurrent duplicate (double
click, client retry) hits the unique constraint and never runs the write twice.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .models import IdempotencyRecord

KEY_LIFETIME = timedelta(hours=24)
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

# Every idempotent operation documents the header (the view documents the 400 for a key
# that is too long and the 409 for a key reused with another body).
HEADER_PARAMETER = OpenApiParameter(
    HEADER, {"type": "string", "maxLength": MAX_KEY_LENGTH}, OpenApiParameter.HEADER,
    required=False,
    description="Replays the first answer for the same key and body within 24 h "
                "(logged-in callers); the same key with another body is a 409.",
)


def _fingerprint(request) -> str:
    """Hash of method, path and the parsed body (uploaded files by their content).

    Parsed data rather than the raw body: once Django's CSRF check has read a multipart
    body, the raw bytes are gone, and a file upload is still the same request."""
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.path.encode())
    data = request.data
    keys = sorted(data.keys()) if hasattr(data, "keys") else []
    if not keys:
        digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    for key in keys:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        for value in values:
            digest.update(key.encode() + b"\0")
            if hasattr(value, "chunks"):
                for chunk in value.chunks():
                    digest.update(chunk)
                value.seek(0)
            else:
                digest.update(json.dumps(value, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _conflict(message):
    return Response({"detail": message, "state": "idempotency_conflict"}, status=409)


def _replay(record):
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _claim(user, key, fingerprint):
    """Return (record, created). A record older than KEY_LIFETIME is replaced: it is looked
    at only when the key is taken, so a fresh key costs one INSERT."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    user=user, key=key, fingerprint=fingerprint
                ), True
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is not None and record.created_at >= timezone.now() - KEY_LIFETIME:
            return record, False
        # Expired (or deleted meanwhile): replace it. Deleting by its creation time keeps a
        # concurrent replacement that got there first.
        if record is not None:
            IdempotencyRecord.objects.filter(pk=record.pk,
                                             created_at=record.created_at).delete()
    return IdempotencyRecord.objects.get(user=user, key=key), False


def idempotent(view_method):
    """Decorate a DRF view method (post/put/an @action) to honour `Idempotency-Key`."""

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response({HEADER: [_("At most 255 characters.")]}, status=400)
        fingerprint = _fingerprint(request)
        record, created = _claim(request.user, key, fingerprint)
        if not created:
            if record.fingerprint != fingerprint:
                return _conflict(_("This Idempotency-Key was used for a different request."))
            if not record.is_complete:
                return _conflict(_("A request with this Idempotency-Key is still running."))
            return _replay(record)
        try:
            response = view_method(self, request, *args, **kwargs)
        except Exception:
            # Nothing was answered: let the client retry with the same key.
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()
            return response
        body = getattr(response, "data", None)
        record.status_code = response.status_code
        record.response_body = json.loads(JSONRenderer().render(body)) if body is not None else None
        record.save(update_fields=["status_code", "response_body"])
        return response

    return extend_schema(parameters=[HEADER_PARAMETER])(wrapper)
